package io.fabstream.ingest.validation;

import static io.fabstream.ingest.validation.FabFixtures.wafer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabstream.platform.kafka.LocalKafkaBroker;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka with SASL/SCRAM-SHA-512 over TLS, as the Kubernetes default and the compose {@code secure}
 * profile run it: a real broker with a SCRAM user and a self-signed certificate, the schema
 * registry storing its schemas there, and the validation app (a transactional Streams app) passing
 * a wafer map on, every client configured only through {@code FABSTREAM_KAFKA_*} settings. A wrong
 * password is refused.
 */
@Tag("kafka")
class ScramTlsValidationITCase {

  private static final String USER = "fab-validation";
  private static final String PASSWORD = "scram-secret-for-tests";
  private static final List<String> PROPERTIES =
      List.of(
          "fabstream.kafka.security.protocol",
          "fabstream.kafka.username",
          "fabstream.kafka.password",
          "fabstream.kafka.truststore",
          "fabstream.kafka.truststore.password");

  @AfterEach
  void plainAgain() {
    PROPERTIES.forEach(System::clearProperty); // other tests in this JVM use plain listeners
  }

  @Test
  void validationRunsOverScramAndTlsAndAWrongPasswordIsRefused(@TempDir Path dir) throws Exception {
    try (LocalKafkaBroker broker =
        LocalKafkaBroker.start(
            LocalKafkaBroker.Settings.defaults(dir.resolve("kafka")).withScram(USER, PASSWORD))) {
      String secure = broker.secureBootstrapServers();
      assertThat(secure).isNotEqualTo(broker.bootstrapServers());
      System.setProperty("fabstream.kafka.security.protocol", "SASL_SSL");
      System.setProperty("fabstream.kafka.username", USER);
      System.setProperty("fabstream.kafka.password", PASSWORD);
      System.setProperty("fabstream.kafka.truststore", broker.truststore().toString());
      System.setProperty("fabstream.kafka.truststore.password", broker.truststorePassword());
      assertThat(KafkaClientSecurity.current().clientConfig())
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512");

      TopicAdmin.ensureTopics(secure, TopicCatalog.all());
      try (EmbeddedSchemaRegistry registry =
              EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.kafkaBacked(secure));
          ValidationRunner runner =
              new ValidationRunner(
                  secure,
                  ValidationConfig.defaults(registry.url()).withApplicationId("validation-scram"),
                  dir.resolve("state"),
                  new SimpleMeterRegistry(),
                  Duration.ofSeconds(2))) {
        runner.start();
        WaferMap map = wafer("LSCRAM", 1).inspectedAt(Instant.now().minusSeconds(10)).build();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, secure);
        try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                KafkaClientSecurity.apply(config),
                new StringSerializer(),
                new ByteArraySerializer())) {
          producer
              .send(
                  new ProducerRecord<>(
                      TopicCatalog.RAW_WAFER_MAPS.name(),
                      map.getWaferId(),
                      new RawBytes(registry.url()).of(map)))
              .get(30, TimeUnit.SECONDS);
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> assertThat(runner.metrics().valid(TopicCatalog.RAW_WAFER_MAPS)).isEqualTo(1));
      }

      Map<String, Object> wrong =
          new HashMap<>(
              KafkaClientSecurity.from(
                      name ->
                          switch (name) {
                            case "FABSTREAM_KAFKA_SECURITY_PROTOCOL" -> "SASL_SSL";
                            case "FABSTREAM_KAFKA_USERNAME" -> USER;
                            case "FABSTREAM_KAFKA_PASSWORD" -> "not-the-password";
                            case "FABSTREAM_KAFKA_TRUSTSTORE" -> broker.truststore().toString();
                            case "FABSTREAM_KAFKA_TRUSTSTORE_PASSWORD" ->
                                broker.truststorePassword();
                            default -> null;
                          })
                  .clientConfig());
      wrong.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secure);
      try (Admin admin = Admin.create(wrong)) {
        assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
    }
  }
}
