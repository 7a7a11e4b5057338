package io.fabstream.app;

import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.wafer.WaferCnnReferenceBackfill;
import io.fabstream.inference.wafer.WaferCnnTraining;
import io.fabstream.inference.wafer.Wm811kDataset;
import io.fabstream.schemas.DriftReferenceSample;
import io.fabstream.schemas.ModelAction;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists, promotes and rolls back model versions in the registry. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List, promote and roll back model versions.",
    subcommands = {
      ModelsCommand.ListVersions.class,
      ModelsCommand.Promote.class,
      ModelsCommand.Rollback.class,
      ModelsCommand.Shadow.class,
      ModelsCommand.AddReference.class,
      CommandLine.HelpCommand.class
    })
final class ModelsCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every version of every model, the promoted one marked with *.")
  static final class ListVersions implements Callable<Integer> {
    @Mixin ModelOptions models;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      ModelRegistry registry = models.registry();
      var out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "%-20s %-8s %-3s %-22s %-10s %-9s %-9s %s%n",
          "MODEL",
          "VERSION",
          "",
          "CREATED",
          "ACCURACY",
          "MACRO_F1",
          "MIN_REC",
          "TRAINED ON");
      for (String name : registry.names()) {
        ModelRegistry.Index index = registry.index(name);
        int current = index.current().orElse(-1);
        for (ModelRegistry.Entry e : index.versions()) {
          ModelManifest m = registry.manifest(name, e.version());
          out.printf(
              Locale.ROOT,
              "%-20s v%-7d %-3s %-22s %-10.4f %-9.4f %-9.4f %s%n",
              name,
              e.version(),
              e.version() == current ? "*" : "",
              m.createdAt().toString().substring(0, 19) + "Z",
              m.metrics().getOrDefault("accuracy", Double.NaN),
              m.metrics().getOrDefault("macro_f1", Double.NaN),
              m.metrics().getOrDefault("min_class_recall", Double.NaN),
              m.trainingData().files().keySet());
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = "Make a version the one scorers use (its checksums are verified first).")
  static final class Promote implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "Version number, e.g. 2 or v2.")
    String version;

    @Mixin ModelOptions models;
    @Mixin ControlOptions control;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      int v = versionNumber(version);
      models.registry().promote(name, v);
      spec.commandLine().getOut().printf("promoted %s v%d%n", name, v);
      control.tell(models.registry(), name, ModelAction.PROMOTE, v, spec);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = "Go back to the version promoted before the current one.")
  static final class Rollback implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL")
    String name;

    @Mixin ModelOptions models;
    @Mixin ControlOptions control;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      int v = models.registry().rollback(name);
      spec.commandLine().getOut().printf("rolled %s back to v%d%n", name, v);
      control.tell(models.registry(), name, ModelAction.ROLLBACK, v, spec);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "shadow",
      mixinStandardHelpOptions = true,
      description =
          "Run a version as challenger beside the promoted one (its predictions go to the shadow"
              + " topic), or stop it with 'off'. Needs --publish: only running scorers have a"
              + " challenger.")
  static final class Shadow implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "Version number, or off.")
    String version;

    @Mixin ModelOptions models;
    @Mixin ControlOptions control;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!control.publish) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "shadow only acts on running scorers: add --publish");
      }
      boolean off = version.equalsIgnoreCase("off");
      int v = off ? 0 : versionNumber(version);
      if (!off) {
        models.registry().load(name, v); // refuse a damaged version here already
      }
      control.tell(
          models.registry(), name, off ? ModelAction.SHADOW_OFF : ModelAction.SHADOW, v, spec);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "add-reference",
      mixinStandardHelpOptions = true,
      description =
          "Republish a wafer-cnn version made before versions carried a drift reference as the next"
              + " version: the same weights plus the drift reference sample and calibration evidence"
              + " its training would have written. The training files must be the ones in its"
              + " manifest and the held-back file must reproduce its card's accuracy.")
  static final class AddReference implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Only wafer-cnn.")
    String name;

    @Option(names = "--version", required = true, description = "Version whose weights to reuse.")
    String version;

    @Option(
        names = "--data",
        required = true,
        paramLabel = "DIR",
        description = "WM-811K directory (e.g. ../shared/data/wm811k).")
    Path data;

    @Option(
        names = "--train-glob",
        defaultValue = "wm811k_train*",
        description = "Training files in --data (default: ${DEFAULT-VALUE}).")
    String trainGlob;

    @Option(
        names = "--held-back",
        paramLabel = "FILE",
        description = "File the card was measured on (default: wm811k_val* in --data).")
    Path heldBack;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch threads.")
    int threads;

    @Option(names = "--promote", description = "Promote the new version.")
    boolean promote;

    @Mixin ModelOptions models;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!WaferCnnTraining.MODEL_NAME.equals(name)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "add-reference republishes wafer-cnn versions only; trace models write their"
                + " reference when trained");
      }
      Path held = heldBack != null ? heldBack : Wm811kDataset.files(data, "wm811k_val*").get(0);
      ModelVersion published =
          WaferCnnReferenceBackfill.publish(
              models.registry(),
              versionNumber(version),
              Wm811kDataset.files(data, trainGlob),
              held,
              0,
              threads,
              promote);
      var out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "published %s from %s v%d with %s%s%n",
          published.tag(),
          name,
          versionNumber(version),
          DriftReferenceSample.FILE,
          promote ? " (promoted)" : "");
      out.flush();
      return 0;
    }
  }

  /** {@code 2} or {@code v2} as 2. */
  static int versionNumber(String text) {
    String digits = text.startsWith("v") ? text.substring(1) : text;
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "version must be a number like 2 or v2, got '" + text + "'");
    }
  }
}
