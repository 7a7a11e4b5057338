package io.fabstream.app;

import io.fabstream.inference.train.TrainingRun;
import java.util.Locale;

/** The machine-readable last line of a training run. */
final class TrainReport {

  private TrainReport() {}

  static String resultLine(TrainingRun run) {
    var m = run.heldBack();
    return String.format(
        Locale.ROOT,
        "RESULT model=%s version=%d n=%d accuracy=%.4f macro_f1=%.4f min_class_recall=%.4f"
            + " epochs=%d best_epoch=%d train_seconds=%.0f held_back=%s",
        run.version().manifest().name(),
        run.version().manifest().version(),
        m.count(),
        m.accuracy(),
        m.macroF1(),
        m.minRecall(),
        run.outcome().history().size(),
        run.outcome().bestEpoch(),
        run.outcome().elapsed().toMillis() / 1000.0,
        run.heldBackName().replaceAll("\\s+", "_"));
  }
}
