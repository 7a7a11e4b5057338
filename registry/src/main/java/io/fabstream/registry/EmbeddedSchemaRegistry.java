package io.fabstream.registry;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.schemas.TopicCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    public static final String DEFAULT_TOPIC = TopicCatalog.SCHEMAS.name();

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
      return new Settings(
          "127.0.0.1", 0, bootstrapServers, DEFAULT_TOPIC, Duration.ofSeconds(30), null);
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

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static EmbeddedSchemaRegistry shared;

  private final String host;
  private final SchemaStore store;
  private final RegistryHttpServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedSchemaRegistry(String host, SchemaStore store, RegistryHttpServer server) {
    this.host = host;
    this.store = store;
    this.server = server;
  }

  /**
   * Starts a registry: creates the store topic if needed, replays it to its end, then binds the
   * HTTP server. Returns once it answers requests.
   */
  public static EmbeddedSchemaRegistry start(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    long started = System.nanoTime();
    SchemaStore store =
        settings.kafkaBackedStore()
            ? new KafkaSchemaStore(
                settings.bootstrapServers(), settings.topic(), settings.timeout())
            : new InMemorySchemaStore();
    try {
      RegistryMetrics metrics = new RegistryMetrics(settings.meterRegistry());
      RegistryService service = new RegistryService(store, metrics);
      RegistryHttpServer server =
          new RegistryHttpServer(
              settings.host(),
              settings.port(),
              new ConfluentApi(service),
              new ApicurioApi(service),
              metrics);
      EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(settings.host(), store, server);
      LOG.info(
          "Schema registry listening on {} ({}), started in {} ms",
          registry.url(),
          store.describe(),
          (System.nanoTime() - started) / 1_000_000);
      return registry;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * One registry per JVM on {@code KafkaClusters.shared()} with the default store topic, started on
   * first use and closed at exit: the fixture tests and the embedded pipeline share.
   */
  public static synchronized EmbeddedSchemaRegistry shared() {
    if (shared == null) {
      shared = start(Settings.kafkaBacked(KafkaClusters.shared().bootstrapServers()));
      EmbeddedSchemaRegistry registry = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "shared-registry-stop"));
    }
    return shared;
  }

  /**
   * Root URL, e.g. {@code http://127.0.0.1:PORT}; Apicurio serdes take this via {@code FabSerdes}.
   */
  public String url() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /** Base URL of the Confluent-compatible API: {@code url() + "/apis/ccompat/v7"}. */
  public String confluentUrl() {
    return url() + RegistryHttpServer.CONFLUENT_PREFIX;
  }

  /** Base URL of the Apicurio v3 API: {@code url() + "/apis/registry/v3"}. */
  public String apicurioUrl() {
    return url() + RegistryHttpServer.APICURIO_PREFIX;
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** Stops the HTTP server and releases the store; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      int port = server.port();
      server.close();
      store.close();
      LOG.info("Schema registry on port {} stopped", port);
    }
  }
}
