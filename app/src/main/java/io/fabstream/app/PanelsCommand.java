package io.fabstream.app;

import io.fabstream.panels.PanelWriter;
import io.fabstream.platform.metrics.MetricsServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Feeds the Grafana panels' PostgreSQL tables from the pipeline's topics. */
@Command(
    name = "panels",
    mixinStandardHelpOptions = true,
    description =
        "Copy wafer maps, predictions, MTS windows, lot features, drift reports, alerts and"
            + " retraining requests from Kafka into PostgreSQL (or TimescaleDB) for Grafana,"
            + " by idempotent upserts, until Ctrl-C.")
final class PanelsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Mixin PanelStoreOptions store;

  @Option(
      names = "--jdbc",
      required = true,
      paramLabel = "URL",
      description = "The database, e.g. jdbc:postgresql://postgres:5432/fabstream.")
  String jdbc;

  @Option(
      names = "--metrics-port",
      defaultValue = "9468",
      description = "Prometheus /metrics port (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    PanelWriter.Settings settings =
        PanelWriter.Settings.defaults(
                kafka.bootstrap, kafka.registry, jdbc, store.user, store.password())
            .withRetention(store.retention, Duration.ofMinutes(10));
    MetricsServer metrics = MetricsServer.start("0.0.0.0", metricsPort);
    PanelWriter writer = PanelWriter.start(settings, metrics.registry());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  writer.close();
                  metrics.close();
                  stop.countDown();
                }));
    System.out.println(
        "panel store "
            + jdbc
            + " fed from "
            + kafka.bootstrap
            + "; metrics at :"
            + metricsPort
            + "/metrics. Ctrl-C to stop.");
    stop.await();
    return 0;
  }
}
