package io.fabstream.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.drift.alert.AlertConfig;
import io.fabstream.drift.alert.AlertMetrics;
import io.fabstream.drift.alert.AlertingApp;
import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.drift.data.DataDriftApp;
import io.fabstream.drift.data.DataDriftAppConfig;
import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WindowMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records on a drift app's input, on the real broker: one it cannot decode and ones it decodes
 * but cannot process each land in {@code fab.dead-letter} with the reason, and the app goes on to
 * the next record.
 */
class DeadLetteringITCase {

  @Test
  void anUndecodableReportIsDeadLetteredAndTheNextOneStillAlerts(@TempDir Path dir)
      throws Exception {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    TopicAdmin.ensureTopics(bootstrap, AlertingApp.TOPICS);
    TopicAdmin.ensureTopics(bootstrap, List.of(TopicCatalog.DEAD_LETTER));
    String run = UUID.randomUUID().toString().substring(0, 8);
    AlertConfig d = AlertConfig.defaults(registry);
    AlertConfig config =
        new AlertConfig(
            "alerts-it-" + run,
            registry,
            d.cooldown(),
            d.spcBucket(),
            d.spcGrace(),
            d.spcBaselineBuckets(),
            d.spcMinWindows(),
            d.orchestrators(),
            d.trainingSpan(),
            1);
    String model = "model-" + run;
    Instant end = Instant.parse("2026-11-30T09:00:00Z");
    DriftReport report =
        DriftReport.newBuilder()
            .setReportId(model + "|drifted")
            .setModel(model)
            .setModelVersion("1")
            .setKind(DriftKind.PERFORMANCE)
            .setMetric("accuracy")
            .setWindowStart(end.minus(Duration.ofHours(1)))
            .setWindowEnd(end)
            .setValue(0.7)
            .setBaseline(0.96)
            .setThreshold(0.94)
            .setSampleSize(100)
            .setDrifted(true)
            .build();
    var serializer = FabSerdes.<SpecificRecord>avroSerializer(registry);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      String topic = TopicCatalog.DRIFT_REPORTS.name();
      p.send(
          new ProducerRecord<>(topic, model, ("garbage " + run).getBytes(StandardCharsets.UTF_8)));
      p.send(new ProducerRecord<>(topic, model, serializer.serialize(topic, report)));
      p.flush();
    }

    try (KafkaStreams app =
            new KafkaStreams(
                AlertingApp.buildTopology(config, new AlertMetrics(new SimpleMeterRegistry())),
                AlertingApp.streamsConfig(bootstrap, config, dir));
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "dead-letter-it-" + run,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
      app.start();
      consumer.subscribe(List.of(TopicCatalog.DEAD_LETTER.name(), TopicCatalog.ALERTS.name()));
      var deadLetters = FabSerdes.valueDeserializer(TopicCatalog.DEAD_LETTER, registry);
      var alerts = FabSerdes.valueDeserializer(TopicCatalog.ALERTS, registry);
      List<DeadLetter> letters = new ArrayList<>();
      List<Alert> raised = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                  if (r.topic().equals(TopicCatalog.DEAD_LETTER.name())) {
                    DeadLetter l = deadLetters.deserialize(r.topic(), r.value());
                    if (l.getApplication().equals(config.applicationId())) {
                      letters.add(l);
                    }
                  } else {
                    Alert a = alerts.deserialize(r.topic(), r.value());
                    if (model.equals(a.getModel())) {
                      raised.add(a);
                    }
                  }
                }
                assertThat(letters).hasSize(1);
                assertThat(raised).hasSize(1);
              });
      DeadLetter letter = letters.get(0);
      assertThat(letter.getReasonCode()).isEqualTo("UNDECODABLE");
      assertThat(letter.getSourceTopic()).isEqualTo(TopicCatalog.DRIFT_REPORTS.name());
      assertThat(letter.getReason()).contains("cannot decode a record of fab.drift-reports");
      assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalValue()).toString())
          .isEqualTo("garbage " + run);
      assertThat(raised.get(0).getCause()).isEqualTo("performance_drift");
      assertThat(app.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
    }
  }

  /** A step window whose packed values are {@code bytes} long (whole floats or not). */
  private static MtsWindow window(String run, int i, int bytes) {
    Instant end = Instant.parse("2026-11-30T09:00:00Z").plusSeconds(60L * i);
    return MtsWindow.newBuilder()
        .setWindowId("STEP_ALIGNED/ETCH-" + run + "/PM1/poly/W" + i + "/main_etch/" + i)
        .setTool("ETCH-" + run)
        .setChamber("PM1")
        .setRecipe("poly")
        .setRecipeStep("main_etch")
        .setLot("L1")
        .setWafers(List.of("W" + i))
        .setMode(WindowMode.STEP_ALIGNED)
        .setWindowStart(end.minusSeconds(60))
        .setWindowEnd(end)
        .setLength(2)
        .setSensorNames(List.of("rf_forward_power"))
        .setValues(List.of())
        .setPackedValues(java.nio.ByteBuffer.wrap(new byte[bytes]))
        .build();
  }

  @Test
  void aWindowTheDataDriftAppCannotReadIsDeadLetteredAndTheAppGoesOn(@TempDir Path dir)
      throws Exception {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    TopicAdmin.ensureTopics(bootstrap, DataDriftApp.TOPICS);
    TopicAdmin.ensureTopics(bootstrap, List.of(TopicCatalog.DEAD_LETTER));
    String run = UUID.randomUUID().toString().substring(0, 8);
    DataDriftAppConfig d = DataDriftAppConfig.defaults(registry, "trace-lstm");
    DataDriftAppConfig config =
        new DataDriftAppConfig(
            "data-drift-it-" + run,
            registry,
            d.traceModel(),
            d.waferModel(),
            d.referenceSize(),
            d.windowSize(),
            d.rule(),
            d.outputRule(),
            d.waferOutputRule(),
            false,
            1);
    // decodable windows whose 7 and 9 packed bytes are no whole number of floats, around a good one
    String topic = TopicCatalog.MTS_WINDOWS.name();
    var serializer = FabSerdes.valueSerializer(TopicCatalog.MTS_WINDOWS, registry);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int[] w : new int[][] {{0, 7}, {1, 8}, {2, 9}}) {
        MtsWindow window = window(run, w[0], w[1]);
        p.send(
                // keyed by chamber, as the feature job keys them: one partition, in order; sent one
                // at a time, since a just-created topic can refuse a pipelined first batch
                // (NOT_LEADER, then OUT_OF_ORDER_SEQUENCE_NUMBER), which once lost its first record
                new ProducerRecord<>(
                    topic, window.getTool() + "/PM1", serializer.serialize(topic, window)))
            .get();
      }
      p.flush();
    }

    try (KafkaStreams app =
            new KafkaStreams(
                DataDriftApp.buildTopology(
                    config, ModelBaselines.none(), new SimpleMeterRegistry()),
                DataDriftApp.streamsConfig(bootstrap, config, dir));
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "dead-letter-it-" + run,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
      app.start();
      consumer.subscribe(List.of(TopicCatalog.DEAD_LETTER.name()));
      var deadLetters = FabSerdes.valueDeserializer(TopicCatalog.DEAD_LETTER, registry);
      List<DeadLetter> letters = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                  DeadLetter l = deadLetters.deserialize(r.topic(), r.value());
                  if (l.getApplication().equals(config.applicationId())) {
                    letters.add(l);
                  }
                }
                assertThat(letters).hasSize(2);
              });
      // both bad windows, in order: the app went on past the first
      assertThat(letters)
          .allSatisfy(
              l -> {
                assertThat(l.getReasonCode()).isEqualTo(DeadLetteringProcessingHandler.REASON_CODE);
                assertThat(l.getSourceTopic()).isEqualTo(topic);
                assertThat(l.getReason())
                    .contains("failed on a record of " + topic)
                    .contains("not whole 4-byte floats");
              });
      assertThat(StandardCharsets.UTF_8.decode(letters.get(0).getOriginalKey()).toString())
          .isEqualTo("ETCH-" + run + "/PM1");
      assertThat(StandardCharsets.UTF_8.decode(letters.get(0).getOriginalValue()).toString())
          .contains(window(run, 0, 7).getWindowId());
      assertThat(StandardCharsets.UTF_8.decode(letters.get(1).getOriginalValue()).toString())
          .contains(window(run, 2, 9).getWindowId());
      assertThat(letters.get(1).getSourceOffset()).isGreaterThan(letters.get(0).getSourceOffset());
      assertThat(app.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
    }
  }
}
