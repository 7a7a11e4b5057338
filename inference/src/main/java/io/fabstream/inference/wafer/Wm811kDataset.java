package io.fabstream.inference.wafer;

import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.ingest.replay.DatasetKind;
import io.fabstream.ingest.replay.DatasetReader;
import io.fabstream.ingest.replay.ReplayWafer;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.DriftReferenceSample;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferMapProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads WM-811K files (the format of {@code ../shared/data/wm811k}) as CNN tensors. A directory
 * loads every file whose name matches a glob; reading goes through the replay module's reader, so
 * training parses exactly what the stream replays.
 */
public final class Wm811kDataset {

  private Wm811kDataset() {}

  /**
   * Files to load: {@code path} itself, or the files in directory {@code path} whose names match
   * {@code glob} (e.g. {@code wm811k_train*}), sorted by name.
   */
  public static List<Path> files(Path path, String glob) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          "no WM-811K file or directory at " + path.toAbsolutePath());
    }
    var matcher = path.getFileSystem().getPathMatcher("glob:" + glob);
    try (Stream<Path> list = Files.list(path)) {
      List<Path> files = list.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no file matching '" + glob + "' in " + path);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads and resamples every labelled map of the files.
   *
   * @param limit stop after this many maps (0 = all), for quick runs
   */
  public static LabelledTensors load(List<Path> files, WaferMapTensor tensor, int limit) {
    List<float[]> inputs = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Path file : files) {
      try (DatasetReader reader = DatasetKind.WM811K.open(file)) {
        while (reader.hasNext() && (limit <= 0 || inputs.size() < limit)) {
          ReplayWafer wafer = reader.next();
          WaferMap map = wafer.maps().get(0);
          inputs.add(tensor.toArray(map.getRows(), map.getCols(), dies(map)));
          labels.add(DefectPattern.fromLabel(wafer.label()).ordinal());
          ids.add(wafer.waferId());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return new LabelledTensors(
        new long[] {WaferMapTensor.CHANNELS, tensor.grid(), tensor.grid()},
        inputs,
        labels.stream().mapToInt(Integer::intValue).toArray(),
        ids,
        DefectPattern.labels());
  }

  /**
   * A uniform random sample of the files' labelled maps as {@link WaferMapProfile}s: the wafer
   * CNN's input reference for drift.
   *
   * @param limit read at most this many maps (0 = all)
   * @param capacity most profiles kept
   */
  public static List<java.util.Map<String, Double>> profiles(
      List<Path> files, int limit, int capacity, long seed) {
    DriftReferenceSample.Reservoir sample = new DriftReferenceSample.Reservoir(capacity, seed);
    for (Path file : files) {
      try (DatasetReader reader = DatasetKind.WM811K.open(file)) {
        while (reader.hasNext() && (limit <= 0 || sample.seen() < limit)) {
          sample.offer(WaferMapProfile.of(reader.next().maps().get(0)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return sample.sample();
  }

  /** The die codes of a map as an array. */
  public static byte[] dies(WaferMap map) {
    ByteBuffer buffer = map.getDies().duplicate();
    byte[] dies = new byte[buffer.remaining()];
    buffer.get(dies);
    return dies;
  }
}
