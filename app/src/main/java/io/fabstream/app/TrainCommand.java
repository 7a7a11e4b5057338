package io.fabstream.app;

import io.fabstream.inference.train.TrainingRun;
import io.fabstream.inference.train.TrainingSettings;
import io.fabstream.inference.wafer.WaferCnnTraining;
import io.fabstream.inference.wafer.Wm811kDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains the shipped models on real fab data with DJL (PyTorch engine) and publishes them. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a model on real fab data and publish it to the model registry.",
    subcommands = {
      TrainCommand.WaferCnn.class,
      TraceLstmTrainCommand.class,
      CommandLine.HelpCommand.class
    })
final class TrainCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options every training command shares. */
  static final class Common {
    @Option(
        names = "--seed",
        defaultValue = "7",
        description =
            "Seed of shuffles, sampling, augmentation, initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--threads",
        defaultValue = "1",
        description = "PyTorch threads; 1 is reproducible bit for bit (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--epochs", description = "Maximum epochs (default: the model's).")
    Integer epochs;

    @Option(
        names = "--time-budget",
        converter = DurationConverter.class,
        description =
            "Stop before an epoch that would end later than this, e.g. 55m (default: the model's).")
    Duration timeBudget;

    @Option(names = "--promote", description = "Promote the new version once published.")
    boolean promote;

    @Option(
        names = "--learning-rate",
        description = "Adam's initial step size (default: the model's).")
    Float learningRate;

    @Option(names = "--batch-size", description = "Items per step (default: the model's).")
    Integer batchSize;

    @Option(
        names = "--patience",
        description =
            "Epochs without a better validation macro-F1 before stopping (default: the model's).")
    Integer patience;

    @Option(
        names = "--class-floor",
        description = "Draw every class at least this often per epoch (default: the model's).")
    Integer classFloor;

    TrainingSettings apply(TrainingSettings defaults) {
      TrainingSettings s =
          new TrainingSettings(
              defaults.maxEpochs(),
              batchSize != null ? batchSize : defaults.batchSize(),
              learningRate != null ? learningRate : defaults.learningRate(),
              patience != null ? patience : defaults.patience(),
              seed,
              classFloor != null ? classFloor : defaults.classFloor(),
              defaults.classCap(),
              defaults.weightedLoss(),
              defaults.auxiliaryWeight(),
              defaults.auxiliaryClass(),
              defaults.timeBudget());
      if (epochs != null) {
        s = s.withMaxEpochs(epochs);
      }
      if (timeBudget != null) {
        s = s.withTimeBudget(timeBudget);
      }
      return s;
    }
  }

  @Command(
      name = "wafer-cnn",
      mixinStandardHelpOptions = true,
      description = "Train the wafer-map CNN on WM-811K files (nine defect patterns).")
  static final class WaferCnn implements Callable<Integer> {

    @Option(
        names = "--data",
        required = true,
        paramLabel = "PATH",
        description = "A WM-811K file, or a directory of them (e.g. ../shared/data/wm811k).")
    Path data;

    @Option(
        names = "--train-glob",
        defaultValue = "wm811k_train*",
        description = "Training files in a --data directory (default: ${DEFAULT-VALUE}).")
    String trainGlob;

    @Option(
        names = "--held-back",
        paramLabel = "FILE",
        description =
            "File for the card's metrics, never trained on (default: wm811k_val* in --data).")
    Path heldBack;

    @Option(
        names = "--grid",
        defaultValue = "64",
        description = "Input grid G: 32, 64 or 128 (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(
        names = "--widths",
        split = ",",
        description =
            "Output channels of each conv stage, as many stages as take the grid down to 4x4 (e.g."
                + " 8,16,32,64 for a grid of 64; default: the standard network for the grid).")
    List<Integer> widths;

    @Option(
        names = "--early-stop-fraction",
        defaultValue = "0.1",
        description =
            "Stratified share of the training maps used to stop early (default: ${DEFAULT-VALUE}).")
    double earlyStopFraction;

    @Option(
        names = "--limit",
        defaultValue = "0",
        description = "Read at most this many maps per file set (0 = all), for quick runs.")
    int limit;

    @Mixin Common common;
    @Mixin ModelOptions models;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<Path> files = Wm811kDataset.files(data, trainGlob);
      Path held = heldBack;
      if (held == null) {
        if (!Files.isDirectory(data)) {
          throw new CommandLine.ParameterException(
              new CommandLine(this), "--held-back is required when --data is a single file");
        }
        held = Wm811kDataset.files(data, "wm811k_val*").get(0);
      }
      if (files.contains(held)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "held-back file " + held + " is also a training file");
      }
      TrainingRun run =
          WaferCnnTraining.run(
              new WaferCnnTraining.Settings(
                  files,
                  held,
                  grid,
                  earlyStopFraction,
                  limit,
                  common.threads,
                  common.promote,
                  common.apply(WaferCnnTraining.defaults()),
                  widths == null ? List.of() : widths),
              models.registry(),
              System.err);
      var out = spec.commandLine().getOut();
      out.print(run.heldBack().table());
      out.println(TrainReport.resultLine(run));
      out.flush();
      return 0;
    }
  }
}
