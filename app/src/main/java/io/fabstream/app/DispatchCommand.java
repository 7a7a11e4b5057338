package io.fabstream.app;

import io.fabstream.drift.dispatch.Dispatcher;
import io.fabstream.drift.dispatch.Endpoint;
import io.fabstream.drift.dispatch.EndpointsFile;
import io.fabstream.platform.metrics.MetricsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Delivers alerts and retraining requests to the configured hooks and orchestrators. */
@Command(
    name = "dispatch",
    mixinStandardHelpOptions = true,
    description =
        "Deliver fab.alerts to webhooks (generic, Slack, Teams) and fab.retrain-requests to"
            + " Airflow or Kubeflow Pipelines, through a persistent outbox, until Ctrl-C.")
final class DispatchCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--endpoints",
      required = true,
      paramLabel = "FILE",
      description = "Endpoints properties file (endpoint.<name>.kind/url/...; see README).")
  Path endpoints;

  @Option(
      names = "--outbox",
      defaultValue = ".fabstream/dispatch/outbox.jsonl",
      description = "Outbox journal (default: ${DEFAULT-VALUE}).")
  Path outbox;

  @Option(
      names = "--metrics-port",
      defaultValue = "9467",
      description = "Prometheus /metrics port (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    List<Endpoint> list = EndpointsFile.read(endpoints);
    MetricsServer metrics = MetricsServer.start("0.0.0.0", metricsPort);
    Dispatcher dispatcher =
        Dispatcher.start(
            Dispatcher.Settings.defaults(kafka.bootstrap, kafka.registry, list, outbox),
            metrics.registry());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dispatcher.close();
                  metrics.close();
                  stop.countDown();
                }));
    System.out.println(
        "dispatching to "
            + list.stream().map(Endpoint::name).toList()
            + "; metrics at :"
            + metricsPort
            + "/metrics. Ctrl-C to stop.");
    stop.await();
    return 0;
  }
}
