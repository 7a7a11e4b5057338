package io.fabstream.app;

import io.fabstream.ingest.validation.ValidationConfig;
import io.fabstream.ingest.validation.ValidationRunner;
import io.fabstream.platform.metrics.MetricsServer;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the validation Kafka Streams app against any cluster. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Validate every raw record (fab.raw.*): good ones to the validated topics, bad ones to"
            + " fab.dead-letter with the reason. Runs until Ctrl-C.")
final class ValidateCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--state-dir",
      defaultValue = ".fabstream/validation",
      description = "Kafka Streams state folder (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--metrics-port",
      defaultValue = "9465",
      description = "Prometheus /metrics port (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    TopicAdmin.ensureTopics(kafka.bootstrap, TopicCatalog.all());
    MetricsServer metrics = MetricsServer.start("0.0.0.0", metricsPort);
    ValidationRunner runner =
        new ValidationRunner(
            kafka.bootstrap,
            ValidationConfig.defaults(kafka.registry),
            stateDir,
            metrics.registry(),
            Duration.ofSeconds(10));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runner.close();
                  metrics.close();
                  stop.countDown();
                }));
    runner.start();
    System.out.println(
        "validation running; metrics at :" + metricsPort + "/metrics. Ctrl-C to stop.");
    stop.await();
    return 0;
  }
}
