package io.fabstream.inference.scoring;

import io.fabstream.inference.TestData;
import io.fabstream.inference.trace.SensorWindowTensor;
import io.fabstream.inference.trace.TraceLstmTraining;
import io.fabstream.ingest.simulator.ChamberHistory;
import io.fabstream.ingest.simulator.ProductSpec;
import io.fabstream.ingest.simulator.WaferMapGenerator;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.ModelAction;
import io.fabstream.schemas.ModelControl;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Scoring test data in the fab's terms: wafers with a pattern, chamber windows, model changes. */
final class ScoringFixtures {

  static final Instant START = Instant.parse("2026-11-23T08:00:00Z");
  static final ProductSpec PRODUCT = new ProductSpec("P-LOGIC-28", 40, 40, 1);
  static final List<String> TRACE_SENSORS = List.of("s1", "s2", "s3", "s4", "s5", "s6");

  private ScoringFixtures() {}

  static String registryUrl() {
    return EmbeddedSchemaRegistry.shared().url();
  }

  /** The shipped registry's promoted wafer-cnn version, the one a scorer starts with. */
  static final int SHIPPED_WAFER =
      new io.fabstream.inference.registry.ModelRegistry(TestData.shippedModels())
          .promotedVersion("wafer-cnn");

  /** {@link #SHIPPED_WAFER} as predictions carry it. */
  static final String SHIPPED = String.valueOf(SHIPPED_WAFER);

  /**
   * A private copy of the shipped registry (wafer-cnn v1 to the promoted one, trace models), to
   * tamper with.
   */
  static Path shippedModelsCopy(Path dir) {
    Path from = TestData.shippedModels();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path to = dir.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Overwrites one byte of a version's ONNX graph, as a disk fault or a tamperer would. */
  static void tamper(Path models, String model, int version) throws IOException {
    Path onnx = models.resolve(model).resolve("v" + version).resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(onnx, bytes);
  }

  /** Starts a wafer-map description: {@code wafer("L1", 3).withPattern(SCRATCH)}. */
  static WaferBuilder wafer(String lot, int slot) {
    return new WaferBuilder(lot, slot);
  }

  static final class WaferBuilder {
    private final String lot;
    private final int slot;
    private DefectPattern pattern = DefectPattern.NONE;

    private WaferBuilder(String lot, int slot) {
      this.lot = lot;
      this.slot = slot;
    }

    WaferBuilder withPattern(DefectPattern pattern) {
      this.pattern = pattern;
      return this;
    }

    WaferMap build() {
      byte[] dies =
          new WaferMapGenerator()
              .dies(PRODUCT, pattern, new SplittableRandom(lot.hashCode() * 31L + slot));
      return WaferMap.newBuilder()
          .setWaferId(lot + "-" + slot)
          .setLot(lot)
          .setSlot(slot)
          .setProduct(PRODUCT.name())
          .setTool("PROBE01")
          .setStep("SORT")
          .setInspectedAt(START.plusSeconds(slot))
          .setRows(PRODUCT.rows())
          .setCols(PRODUCT.cols())
          .setDies(ByteBuffer.wrap(dies))
          .setSource("test")
          .build();
    }
  }

  /** Wafers 1..n of a lot, with the given patterns in turn. */
  static List<WaferMap> lot(String lot, int n, DefectPattern... patterns) {
    List<WaferMap> out = new ArrayList<>();
    for (int slot = 1; slot <= n; slot++) {
      out.add(wafer(lot, slot).withPattern(patterns[(slot - 1) % patterns.length]).build());
    }
    return out;
  }

  /** A T-sample window of one chamber carrying {@code sensors}, noisy around the model's means. */
  static MtsWindow window(String chamber, int index, int length, List<String> sensors) {
    SplittableRandom rng = new SplittableRandom(chamber.hashCode() * 1000L + index);
    List<Float> values = new ArrayList<>(length * sensors.size());
    for (int t = 0; t < length; t++) {
      for (int s = 0; s < sensors.size(); s++) {
        values.add((float) (100 * s + rng.nextGaussian()));
      }
    }
    Instant start = START.plusSeconds(60L * index);
    return MtsWindow.newBuilder()
        .setWindowId(chamber + "#" + index)
        .setTool(chamber.split("/")[0])
        .setChamber(chamber.split("/")[1])
        .setRecipe("ETCH-A")
        .setRecipeStep("main")
        .setLot("L1")
        .setWafers(List.of("L1-" + index))
        .setMode(WindowMode.STEP_ALIGNED)
        .setWindowStart(start)
        .setWindowEnd(start.plusSeconds(59))
        .setLength(length)
        .setSensorNames(new ArrayList<>(sensors))
        .setValues(values)
        .build();
  }

  /**
   * A step segment of the simulated bay as the feature job emits it: resampled to {@code length}
   * rows, in engineering units, with the segment's recipe step and the given mode.
   */
  static MtsWindow bayWindow(ChamberHistory.StepSegment seg, int length, WindowMode mode) {
    List<String> sensors = ChamberHistory.sensorNames(TraceLstmTraining.simulatedBay());
    float[] resampled = SensorWindowTensor.resample(seg.series(), length);
    Instant start = START.plusSeconds(Math.abs(seg.waferId().hashCode() % 10_000));
    return MtsWindow.newBuilder()
        .setWindowId(seg.waferId() + "/" + seg.step() + "/" + mode)
        .setTool(seg.tool())
        .setChamber(seg.chamber())
        .setRecipe("POLY-ETCH-A")
        .setRecipeStep(seg.step())
        .setLot(seg.waferId().substring(0, seg.waferId().indexOf('-')))
        .setWafers(List.of(seg.waferId()))
        .setMode(mode)
        .setWindowStart(start)
        .setWindowEnd(start.plusSeconds(10))
        .setLength(length)
        .setSensorNames(new ArrayList<>(sensors))
        .setValues(List.of())
        .setPackedValues(WindowValues.pack(resampled))
        .build();
  }

  /** A model change as the CLI publishes it. */
  static ModelControl control(String model, ModelAction action, int version) {
    return ModelControl.newBuilder()
        .setModel(model)
        .setAction(action)
        .setVersion(version)
        .setIssuedAt(Instant.now())
        .setIssuedBy("test")
        .build();
  }

  /** A wafer map as the scorer receives it from Kafka. */
  static SourceRecord record(String topic, int partition, long offset, WaferMap map) {
    byte[] bytes =
        FabSerdes.valueSerializer(TopicCatalog.WAFER_MAPS, registryUrl()).serialize(topic, map);
    return record(topic, partition, offset, map.getWaferId(), bytes, map.getInspectedAt());
  }

  /** A window as the scorer receives it from Kafka. */
  static SourceRecord record(String topic, int partition, long offset, MtsWindow window) {
    byte[] bytes =
        FabSerdes.valueSerializer(TopicCatalog.MTS_WINDOWS, registryUrl()).serialize(topic, window);
    return record(topic, partition, offset, window.getWindowId(), bytes, window.getWindowEnd());
  }

  /** A model change as the scorer receives it from Kafka. */
  static SourceRecord record(String topic, long offset, ModelControl control) {
    byte[] bytes =
        FabSerdes.valueSerializer(TopicCatalog.MODEL_CONTROL, registryUrl())
            .serialize(topic, control);
    return record(topic, 0, offset, control.getModel(), bytes, control.getIssuedAt());
  }

  static SourceRecord record(
      String topic, int partition, long offset, String key, byte[] value, Instant time) {
    SourceRecord r = new SourceRecord();
    r.topic = topic;
    r.partition = partition;
    r.offset = offset;
    r.timestamp = time.toEpochMilli();
    r.key = key.getBytes(StandardCharsets.UTF_8);
    r.value = value;
    return r;
  }
}
