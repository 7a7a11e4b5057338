package io.fabstream.app;

import io.fabstream.drift.data.DataDriftCheck;
import io.fabstream.drift.data.DataDriftConfig;
import io.fabstream.drift.data.DataDriftReference;
import io.fabstream.drift.data.DataDriftVerdict;
import io.fabstream.drift.data.FeatureWindow;
import io.fabstream.inference.wafer.Wm811kDataset;
import io.fabstream.ingest.replay.DatasetKind;
import io.fabstream.ingest.replay.DatasetReader;
import io.fabstream.ingest.replay.ReplayWafer;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.WaferMapProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * WM-811K through the wafer-map data drift check, the way a wafer CNN's saved reference is used:
 * the reference is a sample of the training files' map profiles (as training saves it), the stable
 * stream is the held-back file (false alarms, in file order, where consecutive maps share lots and
 * products, and shuffled), and excursions are shuffled stable windows with a share of one defect
 * class added (detections).
 */
@Command(
    name = "check-maps",
    mixinStandardHelpOptions = true,
    description =
        "Replay WM-811K maps through the wafer data drift check (die yield, fail clustering, radial"
            + " fail profile; PSI and KS against a reference sampled from the training files)."
            + " Ends with one RESULT line.")
final class WaferDriftCheckCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The wm811k folder.")
  Path data;

  @Option(
      names = "--train-glob",
      defaultValue = "wm811k_train*.txt.gz",
      description = "Files the reference is sampled from (default: ${DEFAULT-VALUE}).")
  String trainGlob;

  @Option(
      names = "--held-back",
      defaultValue = "wm811k_val.txt.gz",
      description = "The stable stream (default: ${DEFAULT-VALUE}).")
  String heldBack;

  @Option(
      names = "--reference",
      defaultValue = "2000",
      description =
          "Profiles in the reference sample (default: ${DEFAULT-VALUE}, as training saves).")
  int reference;

  @Option(
      names = "--window",
      defaultValue = "200",
      description = "Maps per judged window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--excursion-share",
      defaultValue = "0.25",
      description =
          "Share of an excursion window from one defect class (default: ${DEFAULT-VALUE}).")
  double share;

  @Option(
      names = "--min-features",
      defaultValue = "3",
      description = "Drifted features a window needs to alarm (default: ${DEFAULT-VALUE}).")
  int minFeatures;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Read at most this many maps per file set (0 = all).")
  int limit;

  @Option(names = "--seed", defaultValue = "7", description = "Sampling seed.")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (window < 10 || share <= 0 || share >= 1) {
      throw new IllegalArgumentException(
          "--window must be at least 10 and --excursion-share inside (0, 1), got "
              + window
              + " and "
              + share);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Path> trainFiles = Wm811kDataset.files(data, trainGlob);
    DataDriftReference ref =
        DataDriftReference.fit(Wm811kDataset.profiles(trainFiles, limit, reference, seed), 10);
    DataDriftCheck check = new DataDriftCheck(new DataDriftConfig(0.01, 0.25, minFeatures, 10));

    List<Map<String, Double>> stable = new ArrayList<>();
    Map<DefectPattern, List<Map<String, Double>>> byClass =
        new java.util.EnumMap<>(DefectPattern.class);
    try (DatasetReader reader = DatasetKind.WM811K.open(data.resolve(heldBack))) {
      while (reader.hasNext() && (limit <= 0 || stable.size() < limit)) {
        ReplayWafer w = reader.next();
        Map<String, Double> p = WaferMapProfile.of(w.maps().get(0));
        stable.add(p);
        byClass.computeIfAbsent(DefectPattern.fromLabel(w.label()), k -> new ArrayList<>()).add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + data.resolve(heldBack), e);
    }

    int windows = stable.size() / window;
    int falseAlarms = count(check, ref, stable, window);
    List<Map<String, Double>> shuffled = new ArrayList<>(stable);
    Collections.shuffle(shuffled, new Random(seed));
    int shuffledAlarms = count(check, ref, shuffled, window);

    int excursions = 0;
    int alarmed = 0;
    int defect = (int) Math.round(window * share);
    for (DefectPattern pattern : DefectPattern.values()) {
      List<Map<String, Double>> maps = byClass.getOrDefault(pattern, List.of());
      if (pattern == DefectPattern.NONE || maps.size() < defect) {
        continue;
      }
      // the stable mix (shuffled, so no lot or product dominates), with a share of one class more
      FeatureWindow w = ref.newWindow();
      shuffled.stream().limit(window - defect).forEach(w::add);
      maps.stream().limit(defect).forEach(w::add);
      DataDriftVerdict v = check.evaluate(w);
      excursions++;
      if (v.alarm()) {
        alarmed++;
      }
      out.printf(
          Locale.ROOT,
          "excursion %-9s %d of %d maps: %s (%s)%n",
          pattern.label(),
          defect,
          window,
          v.alarm() ? "ALARM" : "quiet",
          String.join(", ", v.drifted().stream().map(f -> f.feature()).toList()));
    }
    out.printf(
        Locale.ROOT,
        "RESULT dataset=wm811k reference=%d window=%d stable_windows=%d false_alarms=%d"
            + " false_alarm_rate=%.4f shuffled_false_alarms=%d shuffled_false_alarm_rate=%.4f"
            + " excursion_share=%.2f excursion_windows=%d excursion_alarmed=%d%n",
        Math.min(reference, ref.features().get("die_yield").total()),
        window,
        windows,
        falseAlarms,
        windows == 0 ? 0.0 : (double) falseAlarms / windows,
        shuffledAlarms,
        windows == 0 ? 0.0 : (double) shuffledAlarms / windows,
        share,
        excursions,
        alarmed);
    out.flush();
    return 0;
  }

  private static int count(
      DataDriftCheck check, DataDriftReference ref, List<Map<String, Double>> maps, int size) {
    int alarms = 0;
    for (int from = 0; from + size <= maps.size(); from += size) {
      FeatureWindow w = ref.newWindow();
      maps.subList(from, from + size).forEach(w::add);
      if (check.evaluate(w).alarm()) {
        alarms++;
      }
    }
    return alarms;
  }
}
