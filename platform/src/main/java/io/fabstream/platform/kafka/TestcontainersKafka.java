package io.fabstream.platform.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A Kafka broker in a Docker container, used where a Docker engine exists. Loaded reflectively by
 * {@link KafkaClusters} so that Testcontainers stays optional at run time.
 */
final class TestcontainersKafka implements KafkaCluster {

  private static final Logger LOG = LoggerFactory.getLogger(TestcontainersKafka.class);
  static final String IMAGE = "apache/kafka:4.1.1";

  private final KafkaContainer container;

  private TestcontainersKafka(KafkaContainer container) {
    this.container = container;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("Docker not usable: {}", e.toString());
      return false;
    }
  }

  static TestcontainersKafka start() {
    KafkaContainer container = new KafkaContainer(IMAGE);
    container.start();
    return new TestcontainersKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public String describe() {
    return "Testcontainers " + IMAGE + " (" + container.getContainerId() + ")";
  }

  @Override
  public void close() {
    container.stop();
  }
}
