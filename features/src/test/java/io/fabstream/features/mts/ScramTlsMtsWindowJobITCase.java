package io.fabstream.features.mts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.testing.KafkaTestTopics;
import io.fabstream.features.testing.KafkaTestTopics.Keyed;
import io.fabstream.platform.kafka.LocalKafkaBroker;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TraceSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink side of SASL/SCRAM over TLS: the MTS job's Kafka source and its exactly-once
 * (transactional) sink connect to a broker's SASL_SSL listener as a SCRAM user, configured only
 * through the {@code FABSTREAM_KAFKA_*} settings, and windows come out.
 */
@Tag("kafka")
class ScramTlsMtsWindowJobITCase {

  private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

  @AfterEach
  void plainAgain() {
    for (String p :
        List.of(
            "fabstream.kafka.security.protocol",
            "fabstream.kafka.username",
            "fabstream.kafka.password",
            "fabstream.kafka.truststore",
            "fabstream.kafka.truststore.password")) {
      System.clearProperty(p);
    }
  }

  @Test
  void windowsFlowThroughAScramTlsListener(@TempDir Path dir) throws Exception {
    try (LocalKafkaBroker broker =
        LocalKafkaBroker.start(
            LocalKafkaBroker.Settings.defaults(dir.resolve("kafka"))
                .withScram("fab-flink", "flink-scram-secret"))) {
      System.setProperty("fabstream.kafka.security.protocol", "SASL_SSL");
      System.setProperty("fabstream.kafka.username", "fab-flink");
      System.setProperty("fabstream.kafka.password", "flink-scram-secret");
      System.setProperty("fabstream.kafka.truststore", broker.truststore().toString());
      System.setProperty("fabstream.kafka.truststore.password", broker.truststorePassword());
      String secure = broker.secureBootstrapServers();
      try (EmbeddedSchemaRegistry registry =
          EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.kafkaBacked(secure))) {
        KafkaTestTopics topics = new KafkaTestTopics(secure, registry.url(), "mts-scram");
        topics.create(1, "samples", "windows", "late", "dead");
        MtsTopics names =
            new MtsTopics(
                topics.name("samples"),
                topics.name("windows"),
                topics.name("late"),
                topics.name("dead"));
        FlinkKafkaSettings kafka = FlinkKafkaSettings.of(secure, registry.url(), "it-mts-scram");
        StreamExecutionEnvironment env =
            StreamExecutionEnvironment.createLocalEnvironment(
                1, JobEnvironment.configuration(Duration.ofMillis(500)));
        MtsWindowJob.kafka(
                kafka,
                MtsWindowConfig.defaults()
                    .withWindow(20, 10)
                    .withOrdering(Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(1)),
                names)
            .build(env);
        JobClient job = env.executeAsync("mts-scram-it");
        try {
          List<Keyed<TraceSample>> samples = new ArrayList<>();
          for (int i = 0; i < 120; i++) {
            Instant t = START.plusMillis(100L * i);
            samples.add(new Keyed<>("ETCH01/PM1", sample(t, i), t));
          }
          topics.send(names.traceSamples(), samples);
          List<?> windows =
              topics.readCommitted(
                  names.windows(),
                  topics.deserializer(MtsWindow.class),
                  3,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(90));
          assertThat(windows).as("windows written over SCRAM/TLS").hasSizeGreaterThanOrEqualTo(3);
        } finally {
          job.cancel().get();
        }
      }
    }
  }

  private static TraceSample sample(Instant t, int i) {
    return TraceSample.newBuilder()
        .setTool("ETCH01")
        .setChamber("PM1")
        .setRecipe("ME-ETCH")
        .setRecipeStep("1")
        .setLot("LOT-SCRAM")
        .setWafer("W1")
        .setEventTime(t)
        .setSensorNames(List.of("pressure", "rf_forward", "he_flow"))
        .setSensorValues(List.of(3.0 + 0.01 * i, 500.0 + i, 12.0))
        .setSource("it")
        .build();
  }
}
