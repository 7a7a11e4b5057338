package io.fabstream.inference.eval;

import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.runtime.ModelRunners;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.inference.trace.SensorWindowTensor;
import io.fabstream.inference.trace.TraceRuns;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.inference.wafer.WaferMapTensor;
import io.fabstream.inference.wafer.Wm811kDataset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a labelled file with a published model version through a {@link ModelRunner}, exactly as
 * the stream scores, and reports the card's figures. Acceptance is measured this way on files the
 * project never saw, so the preprocessing comes from the manifest, not from code defaults.
 */
public final class ModelEvaluation {

  /**
   * @param version the version evaluated
   * @param engine engine used
   * @param device device used
   * @param metrics classification figures
   * @param extra further figures (anomaly AUC for trace models)
   * @param seconds wall time of scoring (not of reading)
   */
  public record Report(
      ModelVersion version,
      String engine,
      String device,
      ClassificationMetrics metrics,
      Map<String, Double> extra,
      double seconds) {

    /**
     * {@code RESULT model=... version=... n=... accuracy=... macro_f1=... min_class_recall=...}.
     */
    public String resultLine() {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "RESULT model=%s version=%d engine=%s n=%d accuracy=%.4f macro_f1=%.4f min_class_recall=%.4f",
                  version.manifest().name(),
                  version.manifest().version(),
                  engine,
                  metrics.count(),
                  metrics.accuracy(),
                  metrics.macroF1(),
                  metrics.minRecall()));
      for (int c = 0; c < metrics.classes().size(); c++) {
        line.append(
            String.format(
                Locale.ROOT,
                " recall_%s=%.4f",
                metrics.classes().get(c).toLowerCase(Locale.ROOT).replace('-', '_'),
                metrics.recall(c)));
      }
      extra.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
      return line.toString();
    }
  }

  private ModelEvaluation() {}

  /** The inputs of a labelled file, prepared as the version's manifest says. */
  public static LabelledTensors inputs(ModelManifest manifest, Path file) {
    ModelManifest.Preprocessing p = manifest.preprocessing();
    return switch (p.kind()) {
      case "wafer-grid" -> Wm811kDataset.load(List.of(file), new WaferMapTensor(p.grid()), 0);
      case "sensor-window" -> inputs(manifest, TraceRuns.read(file), file.getFileName().toString());
      default -> throw new IllegalArgumentException("unknown preprocessing '" + p.kind() + "'");
    };
  }

  /**
   * Trace runs prepared as the version's manifest says: one set of statistics, or the profile of
   * each run's recipe step.
   */
  public static LabelledTensors inputs(ModelManifest manifest, TraceRuns runs, String source) {
    ModelManifest.Preprocessing p = manifest.preprocessing();
    List<String> expected = p.sensors().stream().map(ModelManifest.SensorStat::name).toList();
    if (!runs.sensors().equals(expected)) {
      throw new IllegalArgumentException(
          manifest.name()
              + " v"
              + manifest.version()
              + " expects sensors "
              + expected
              + " but "
              + source
              + " has "
              + runs.sensors());
    }
    if (p.stepProfiles() == null) {
      return runs.tensors(
          new SensorWindowTensor(p.length(), p.sensors(), null, p.clipOrInfinity()));
    }
    Map<String, SensorWindowTensor> byStep = new LinkedHashMap<>();
    p.stepProfiles()
        .forEach(
            (step, profile) ->
                byStep.put(
                    step,
                    new SensorWindowTensor(p.length(), p.sensors(), profile, p.clipOrInfinity())));
    return runs.tensors(
        run -> {
          SensorWindowTensor t = byStep.get(run.step());
          if (t == null) {
            throw new IllegalArgumentException(
                manifest.name()
                    + " has no profile of recipe step "
                    + run.step()
                    + " ("
                    + run.id()
                    + ")");
          }
          return t;
        });
  }

  /** Evaluates {@code version} on {@code file}. */
  public static Report evaluate(
      ModelVersion version, RunnerSettings settings, Path file, int batchSize) {
    LabelledTensors data = inputs(version.manifest(), file);
    if (!data.classNames().equals(version.manifest().labels())) {
      throw new IllegalArgumentException(
          "data classes "
              + data.classNames()
              + " differ from the model's "
              + version.manifest().labels());
    }
    try (ModelRunner runner = ModelRunners.open(version, settings)) {
      long start = System.nanoTime();
      float[][] rows = DirectBatch.scoreAll(runner, data, batchSize);
      double seconds = (System.nanoTime() - start) / 1e9;
      int classes = version.manifest().labels().size();
      ClassificationMetrics metrics =
          ClassificationMetrics.of(
              data.classNames(), data.labels(), version.manifest().classesOf(rows));
      Map<String, Double> extra = new LinkedHashMap<>();
      if (runner.outputSize() > classes) {
        double[] anomaly = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
          anomaly[i] = rows[i][classes];
        }
        extra.put("anomaly_auc", AnomalyRanking.auc(anomaly, data.labels()));
      }
      return new Report(version, runner.engine().id(), runner.device(), metrics, extra, seconds);
    }
  }
}
