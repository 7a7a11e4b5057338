package io.fabstream.features.kafka;

import java.io.Serializable;

/**
 * Where a feature job finds Kafka and the schema registry, and the name its consumer groups and
 * transactional ids derive from (two jobs with one name would fence each other's transactions).
 *
 * @param bootstrapServers Kafka bootstrap servers, host:port[,host:port]
 * @param registryUrl schema registry root URL (Apicurio or the embedded registry)
 * @param jobName job name: consumer group and transactional-id prefix
 * @param bounded stop at the offsets that were the latest at start (benchmarks, batch replays)
 */
public record FlinkKafkaSettings(
    String bootstrapServers, String registryUrl, String jobName, boolean bounded)
    implements Serializable {

  public FlinkKafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must be set (--bootstrap)");
    }
    if (registryUrl == null || !registryUrl.matches("https?://.+")) {
      throw new IllegalArgumentException(
          "schema registry URL must be an http(s) URL (--registry), got " + registryUrl);
    }
    if (jobName == null || !jobName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "job name must be letters, digits, '.', '_' or '-', got " + jobName);
    }
  }

  /** Unbounded settings: the job runs until cancelled. */
  public static FlinkKafkaSettings of(String bootstrapServers, String registryUrl, String jobName) {
    return new FlinkKafkaSettings(bootstrapServers, registryUrl, jobName, false);
  }

  /** The same settings, stopping at the latest offsets seen at start when {@code bounded}. */
  public FlinkKafkaSettings withBounded(boolean bounded) {
    return new FlinkKafkaSettings(bootstrapServers, registryUrl, jobName, bounded);
  }

  /** The same settings under another job name. */
  public FlinkKafkaSettings withJobName(String jobName) {
    return new FlinkKafkaSettings(bootstrapServers, registryUrl, jobName, bounded);
  }
}
