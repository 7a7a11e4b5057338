package io.fabstream.app;

import io.fabstream.platform.kafka.LocalKafkaBroker;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a real single-node KRaft Kafka broker on loopback, for development without Docker. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Run a local single-node KRaft Kafka 4.x broker (own JVM) until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = ".fabstream/broker",
      description = "Where the broker keeps its log and metadata (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--create-topics",
      defaultValue = "true",
      negatable = true,
      description =
          "Create the catalog's topics once the broker is up (default: ${DEFAULT-VALUE}).")
  boolean createTopics;

  @Override
  public Integer call() throws InterruptedException {
    LocalKafkaBroker broker =
        LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dataDir).withPort(port));
    if (createTopics) {
      TopicAdmin.ensureTopics(broker.bootstrapServers(), TopicCatalog.all());
    }
    System.out.printf(
        "Kafka broker ready at %s in %d ms (%s). Ctrl-C to stop.%n",
        broker.bootstrapServers(), broker.startTime().toMillis(), broker.describe());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stop.countDown();
                }));
    stop.await();
    return 0;
  }
}
