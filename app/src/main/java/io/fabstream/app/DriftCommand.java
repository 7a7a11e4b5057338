package io.fabstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The drift module's commands: the live apps, the dispatcher and offline checks on recorded data.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = "Drift apps, alert dispatch and offline drift checks.",
    subcommands = {
      DriftCheckCommand.class,
      WaferDriftCheckCommand.class,
      DriftAppsCommand.class,
      DispatchCommand.class
    })
final class DriftCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
