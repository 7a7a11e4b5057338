package io.fabstream.platform.kafka;

/**
 * A running Kafka cluster the pipeline can talk to. Tests and the embedded run only need its
 * bootstrap address, so a local broker process and a Testcontainers broker are interchangeable
 * behind it.
 */
public interface KafkaCluster extends AutoCloseable {

  /** Comma-separated host:port list for clients. */
  String bootstrapServers();

  /** Human-readable description of how the cluster runs, for logs. */
  String describe();

  @Override
  void close();
}
