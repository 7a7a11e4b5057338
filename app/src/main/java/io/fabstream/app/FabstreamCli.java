package io.fabstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code fabstream} command line. Every capability of the project is a subcommand here, so
 * a fab engineer learns one tool; {@code fabstream run} starts the whole pipeline embedded.
 */
@Command(
    name = "fabstream",
    mixinStandardHelpOptions = true,
    versionProvider = FabstreamCli.Version.class,
    description = "Real-time scoring of wafer maps and equipment sensor streams.",
    subcommands = {
      RunCommand.class,
      BrokerCommand.class,
      RegistryCommand.class,
      SimulateCommand.class,
      ReplayCommand.class,
      ValidateCommand.class,
      TopicsCommand.class,
      FeaturesCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      DriftCommand.class,
      PanelsCommand.class,
      ModelsCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FabstreamCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with all subcommands, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new FabstreamCli());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  public static void main(String[] args) {
    System.setProperty("org.jline.terminal.dumb", "true");
    int code = commandLine().execute(args);
    System.exit(code);
  }

  /** Reports the build's version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FabstreamCli.class.getPackage().getImplementationVersion();
      return new String[] {"fabstream " + (v == null ? "dev" : v)};
    }
  }
}
