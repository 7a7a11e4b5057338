package io.fabstream.app;

import io.fabstream.drift.DriftApps;
import io.fabstream.platform.metrics.MetricsServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The drift apps against a running Kafka, with their production defaults. */
@Command(
    name = "apps",
    mixinStandardHelpOptions = true,
    description =
        "Run the drift apps (ground-truth join, performance drift, data and prediction drift,"
            + " label-free estimate, alerting) against Kafka until Ctrl-C.")
final class DriftAppsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Mixin ModelOptions models;

  @Option(
      names = "--trace-model",
      defaultValue = "trace-lstm",
      description =
          "Model the MTS windows feed; input drift is filed under it (default: ${DEFAULT-VALUE}).")
  String traceModel;

  @Option(
      names = "--state-dir",
      defaultValue = ".fabstream/drift",
      description = "Kafka Streams state folder (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--metrics-port",
      defaultValue = "9466",
      description = "Prometheus /metrics port (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    MetricsServer metrics = MetricsServer.start("0.0.0.0", metricsPort);
    DriftApps apps =
        DriftApps.start(
            DriftApps.Settings.defaults(
                kafka.bootstrap, kafka.registry, traceModel, models.dir(), stateDir),
            metrics.registry());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  apps.close();
                  metrics.close();
                  stop.countDown();
                }));
    System.out.println(
        "drift apps running; metrics at :" + metricsPort + "/metrics. Ctrl-C to stop.");
    stop.await();
    return 0;
  }
}
