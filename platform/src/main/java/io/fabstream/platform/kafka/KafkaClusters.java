package io.fabstream.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how to get a Kafka cluster: Testcontainers where a Docker engine answers, otherwise a
 * local KRaft broker process. {@code FABSTREAM_KAFKA} (or {@code -Dfabstream.kafka}) = {@code auto}
 * (default), {@code local} or {@code testcontainers} forces a choice.
 */
public final class KafkaClusters {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClusters.class);
  private static KafkaCluster shared;

  private KafkaClusters() {}

  /** Starts a cluster of the configured kind. */
  public static KafkaCluster start(Path dataDir) {
    String mode =
        System.getProperty(
                "fabstream.kafka", System.getenv().getOrDefault("FABSTREAM_KAFKA", "auto"))
            .toLowerCase(Locale.ROOT);
    switch (mode) {
      case "local":
        return LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dataDir));
      case "testcontainers":
        return TestcontainersKafka.start();
      case "auto":
        if (testcontainersOnClasspath() && TestcontainersKafka.dockerAvailable()) {
          LOG.info("Docker engine found: using Testcontainers Kafka");
          return TestcontainersKafka.start();
        }
        LOG.info("No Docker engine: using a local KRaft broker process");
        return LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dataDir));
      default:
        throw new IllegalArgumentException(
            "FABSTREAM_KAFKA must be auto, local or testcontainers, got '" + mode + "'");
    }
  }

  /**
   * One cluster per JVM, started on first use and stopped at exit: the shared fixture every
   * integration test uses, so a test module pays the broker start once.
   */
  public static synchronized KafkaCluster shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("fabstream-kafka-");
        shared = start(dir);
        KafkaCluster cluster = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-kafka-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  private static boolean testcontainersOnClasspath() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
