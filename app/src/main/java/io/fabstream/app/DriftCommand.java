package io.fabstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The drift module's commands: offline checks of the drift statistics on recorded data. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = "Drift statistics on recorded data (the live drift apps run inside 'run').",
    subcommands = {DriftCheckCommand.class})
final class DriftCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
