package io.fabstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks that print throughput and latency percentiles; performance is never a unit test. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput and latency of pipeline stages on this machine.",
    subcommands = {
      ValidationBench.class,
      MtsBench.class,
      PipelineBench.class,
      ModelBench.class,
      CommandLine.HelpCommand.class
    })
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
