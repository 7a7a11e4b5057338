package io.fabstream.app;

import io.fabstream.inference.trace.TraceLstmTraining;
import io.fabstream.inference.train.TrainingRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fabstream train trace-lstm}. */
@Command(
    name = "trace-lstm",
    mixinStandardHelpOptions = true,
    description =
        "Train the sensor-window LSTM (fault probability + forecast anomaly score) on a labelled trace"
            + " file: Olszewski wafer traces (.tsv[.gz]) or LAM 9600 etch (.csv[.gz]).")
final class TraceLstmTrainCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description = "Labelled trace file (Olszewski wafer traces or LAM 9600 CSV).")
  Path data;

  @Option(
      names = "--simulated-lots",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Train on N lots of the simulated etch bay's labelled history instead of a file, one run"
              + " per wafer x recipe step: the model the embedded run scores the simulator's windows"
              + " with (use --name for it).")
  int simulatedLots;

  @Option(
      names = "--name",
      defaultValue = TraceLstmTraining.MODEL_NAME,
      description = "Registry name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--length",
      defaultValue = "60",
      description = "Window length T (default: ${DEFAULT-VALUE}, the feature job's).")
  int length;

  @Option(
      names = "--hidden",
      defaultValue = "32",
      description = "LSTM units (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--cell",
      defaultValue = "lstm",
      description =
          "Network: lstm, gru, or lstm-fcn (the LSTM with a 1-D convolutional branch beside it)"
              + " (default: ${DEFAULT-VALUE}).")
  String cell;

  @Option(
      names = "--members",
      description =
          "Networks in the bag: each trained on its own fold split of the training runs, their"
              + " probabilities averaged, and the fault threshold set on their out-of-fold"
              + " probabilities (default: 5 for a trace file, 1 for --simulated-lots; 1 = one"
              + " network called by its most probable class).")
  Integer members;

  @Option(
      names = "--step-profiles",
      description =
          "Standardise every run against the good training runs' profile of its recipe step (mean"
              + " and deviation per row), so the model reads deviations from a good run; the model"
              + " then scores step-aligned windows only. Always on with --simulated-lots.")
  boolean stepProfiles;

  @Option(
      names = "--held-back-fraction",
      defaultValue = "0.2",
      description = "Stratified fold held back for the card (default: ${DEFAULT-VALUE}).")
  double heldBackFraction;

  @Option(
      names = "--early-stop-fraction",
      defaultValue = "0.2",
      description =
          "Stratified share of the rest that stops training early (default: ${DEFAULT-VALUE}).")
  double earlyStopFraction;

  @Option(
      names = "--folds",
      defaultValue = "5",
      description =
          "Stratified cross-validation folds run first for the card (0 = none; default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--cv-seeds",
      split = ",",
      paramLabel = "SEED",
      description =
          "Seeds of the cross-validation, each a full run reported on the card (default: the"
              + " training seed alone).")
  java.util.List<Long> cvSeeds = java.util.List.of();

  @Option(
      names = "--forecast-weight",
      description =
          "Weight of the forecaster's loss beside the classifier's (default: the model's).")
  Float forecastWeight;

  @Mixin TrainCommand.Common common;
  @Mixin ModelOptions models;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private io.fabstream.inference.train.TrainingSettings settings() {
    var s =
        common.apply(
            simulatedLots > 0
                ? TraceLstmTraining.simulatedBayDefaults()
                : TraceLstmTraining.defaults());
    return forecastWeight == null ? s : s.withAuxiliaryWeight(forecastWeight);
  }

  @Override
  public Integer call() {
    TrainingRun run =
        TraceLstmTraining.run(
            new TraceLstmTraining.Settings(
                data,
                simulatedLots,
                stepProfiles,
                name,
                length,
                hidden,
                cell,
                members != null ? members : simulatedLots > 0 ? 1 : 5,
                heldBackFraction,
                earlyStopFraction,
                common.threads,
                common.promote,
                folds,
                settings(),
                cvSeeds),
            models.registry(),
            System.err);
    var out = spec.commandLine().getOut();
    out.print(run.heldBack().table());
    out.println(TrainReport.resultLine(run));
    out.flush();
    return 0;
  }
}
