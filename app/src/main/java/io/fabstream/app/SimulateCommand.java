package io.fabstream.app;

import io.fabstream.ingest.simulator.FabSimulator;
import io.fabstream.ingest.simulator.KafkaFabEventSink;
import io.fabstream.ingest.simulator.SimulationSummary;
import io.fabstream.ingest.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Feeds a Kafka cluster with a seeded simulated fab: lots, wafer maps, traces, faults, labels. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Simulate a fab into Kafka: lots of wafers through etch chambers (trace samples with injected"
            + " faults), inspection wafer maps with WM-811K patterns, lot events and delayed labels.")
final class SimulateCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--lots",
      description = "Emit this many lots as fast as possible, then stop (default: paced, endless).")
  Long lots;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Paced mode: stop after this long (default: until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--speed-up",
      defaultValue = "10",
      description = "Paced mode: fab seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
  double speedUp;

  @Option(
      names = "--trace-rate-hz",
      defaultValue = "10",
      description = "Trace samples per second per chamber (default: ${DEFAULT-VALUE}).")
  double traceRateHz;

  @Option(
      names = "--label-delay",
      converter = DurationConverter.class,
      defaultValue = "30m",
      description =
          "Fab time between a wafer and its ground-truth label (default: ${DEFAULT-VALUE}).")
  Duration labelDelay;

  @Override
  public Integer call() {
    SimulatorConfig config =
        SimulatorConfig.defaults()
            .withSeed(seed)
            .withTraceRateHz(traceRateHz)
            .withGroundTruthDelay(labelDelay);
    FabSimulator simulator = new FabSimulator(config);
    AtomicBoolean running = new AtomicBoolean(true);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
    try (KafkaFabEventSink sink = new KafkaFabEventSink(kafka.bootstrap, kafka.registry)) {
      SimulationSummary summary =
          lots != null
              ? simulator.run(sink, lots)
              : simulator.runPaced(
                  sink, duration == null ? Duration.ZERO : duration, speedUp, running::get);
      sink.flush();
      System.out.println("simulated: " + summary);
      System.out.println("acknowledged: " + sink.summary());
    }
    return 0;
  }
}
