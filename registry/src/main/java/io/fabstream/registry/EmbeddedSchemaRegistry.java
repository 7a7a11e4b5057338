package io.fabstream.registry;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * An in-process schema registry, so that the pipeline, its tests and the launcher do not need a
 * separately deployed Confluent or Apicurio registry. It serves the Confluent Schema Registry REST
 * API (under {@code /apis/ccompat/v7} and at the root) and the Apicurio Registry v3 calls that
 * Apicurio's Kafka serdes make (under {@code /apis/registry/v3}), with one id space shared by both.
 * State lives in a compacted Kafka topic, so it survives restarts with the same ids.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  /**
   * How to run the registry.
   *
   * @param host address to bind, {@code 127.0.0.1} by default
   * @param port port to bind, 0 for an ephemeral port
   * @param bootstrapServers Kafka cluster holding the store topic; {@code null} keeps state in
   *     memory only (quick tests)
   * @param topic name of the compacted store topic
   * @param timeout how long to wait for Kafka (start-up read, each synchronous write)
   * @param meterRegistry where to publish metrics, {@code null} for none
   */
  public record Settings(
      String host,
      int port,
      String bootstrapServers,
      String topic,
      Duration timeout,
      MeterRegistry meterRegistry) {

    /** Default name of the store topic: {@code TopicCatalog.SCHEMAS}. */
    public static final String DEFAULT_TOPIC = "_fabstream_schemas";

    public Settings {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(timeout, "timeout");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
    }

    /** Kafka-backed store on {@code bootstrapServers}, bound to 127.0.0.1 on an ephemeral port. */
    public static Settings kafkaBacked(String bootstrapServers) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      return new Settings("127.0.0.1", 0, bootstrapServers, DEFAULT_TOPIC, Duration.ofSeconds(30), null);
    }

    /** State in memory only, lost at close: for quick tests. */
    public static Settings inMemory() {
      return new Settings("127.0.0.1", 0, null, DEFAULT_TOPIC, Duration.ofSeconds(30), null);
    }

    public Settings withHost(String host) {
      return new Settings(host, port, bootstrapServers, topic, timeout, meterRegistry);
    }

    public Settings withPort(int port) {
      return new Settings(host, port, bootstrapServers, topic, timeout, meterRegistry);
    }

    public Settings withTopic(String topic) {
      return new Settings(host, port, bootstrapServers, topic, timeout, meterRegistry);
    }

    public Settings withTimeout(Duration timeout) {
      return new Settings(host, port, bootstrapServers, topic, timeout, meterRegistry);
    }

    public Settings withMeterRegistry(MeterRegistry meterRegistry) {
      return new Settings(host, port, bootstrapServers, topic, timeout, meterRegistry);
    }

    /** True when state is kept in Kafka. */
    public boolean kafkaBackedStore() {
      return bootstrapServers != null;
    }
  }

  private final int port;
  private final String host;

  private EmbeddedSchemaRegistry(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Starts a registry; returns once it has loaded its state and listens. */
  public static EmbeddedSchemaRegistry start(Settings settings) {
    throw new UnsupportedOperationException("not yet");
  }

  /** One registry per JVM on {@code KafkaClusters.shared()}, closed at exit. */
  public static synchronized EmbeddedSchemaRegistry shared() {
    throw new UnsupportedOperationException("not yet");
  }

  /** Root URL, e.g. {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://" + host + ":" + port;
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  @Override
  public void close() {}
}
