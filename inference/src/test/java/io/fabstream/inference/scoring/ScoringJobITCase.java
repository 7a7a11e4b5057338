package io.fabstream.inference.scoring;

import static io.fabstream.inference.scoring.ScoringFixtures.TRACE_SENSORS;
import static io.fabstream.inference.scoring.ScoringFixtures.control;
import static io.fabstream.inference.scoring.ScoringFixtures.lot;
import static io.fabstream.inference.scoring.ScoringFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.testing.FailOnce;
import io.fabstream.features.testing.KafkaTestTopics;
import io.fabstream.features.testing.KafkaTestTopics.Keyed;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.ModelAction;
import io.fabstream.schemas.ModelControl;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring jobs on the real broker and registry in a Flink MiniCluster with the shipped models:
 * every wafer map and every window gets exactly one prediction, across a forced restart from a
 * checkpoint and across a promotion and a rollback mid-stream; a challenger writes to the shadow
 * topic; a tampered version is refused with an alert while scoring goes on.
 */
@Tag("kafka")
class ScoringJobITCase {

  private static final Duration CHECKPOINTS = Duration.ofMillis(500);

  @TempDir Path temp;

  @Test
  void everyWaferIsScoredOnceAcrossARestartAPromotionAndARollback() throws Exception {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    KafkaTestTopics topics = new KafkaTestTopics(bootstrap, registry, "score-wafers");
    topics.create(2, "maps", "predictions", "shadow");
    topics.create(1, "control", "alerts", "dead");
    ScoringTopics names = names(topics, "maps");
    Path models = ScoringFixtures.shippedModelsCopy(temp.resolve("models"));
    FlinkKafkaSettings kafka =
        FlinkKafkaSettings.of(bootstrap, registry, "it-score-" + topics.name("").hashCode());
    String failure = "score-it-" + topics.name("");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            2, JobEnvironment.configuration(CHECKPOINTS));
    ScoringJob.waferMaps(
            kafka,
            settings(models, "wafer-cnn"),
            names,
            new FailOnce<>(failure, new SourceRecordReader()))
        .build(env);
    JobClient job = env.executeAsync("score-wafers-it");
    List<WaferMap> sent = new ArrayList<>();
    try {
      send(topics, names, sent, lot("LOT-A", 15, DefectPattern.values()));
      awaitPredictions(topics, names.predictions(), 1);

      FailOnce.arm(failure);
      send(topics, names, sent, lot("LOT-B", 15, DefectPattern.values()));
      awaitPredictions(topics, names.predictions(), sent.size());
      assertThat(FailOnce.fired(failure)).as("the forced failure happened").isTrue();

      publish(topics, names, control("wafer-cnn", ModelAction.PROMOTE, 1));
      awaitSwitch(topics, names, sent, "LOT-C", "1");
      send(topics, names, sent, lot("LOT-D", 10, DefectPattern.values()));
      publish(
          topics, names, control("wafer-cnn", ModelAction.ROLLBACK, ScoringFixtures.SHIPPED_WAFER));
      awaitSwitch(topics, names, sent, "LOT-R", ScoringFixtures.SHIPPED);
      send(topics, names, sent, lot("LOT-E", 10, DefectPattern.values()));

      List<WaferPrediction> out = predictions(topics, names.predictions(), sent.size());
      Map<String, Long> perWafer =
          out.stream()
              .collect(
                  Collectors.groupingBy(p -> p.getWaferId().toString(), Collectors.counting()));
      assertThat(perWafer.keySet())
          .containsExactlyInAnyOrderElementsOf(
              sent.stream().map(m -> m.getWaferId().toString()).toList());
      assertThat(perWafer.values()).as("no wafer scored twice").allMatch(n -> n == 1);
      assertThat(out)
          .filteredOn(p -> p.getLot().toString().startsWith("LOT-A"))
          .allSatisfy(p -> assertThat(p.getModelVersion()).hasToString(ScoringFixtures.SHIPPED));
      assertThat(out)
          .filteredOn(p -> p.getLot().toString().equals("LOT-D"))
          .allSatisfy(p -> assertThat(p.getModelVersion()).hasToString("1"));
      assertThat(out)
          .filteredOn(p -> p.getLot().toString().equals("LOT-E"))
          .allSatisfy(p -> assertThat(p.getModelVersion()).hasToString(ScoringFixtures.SHIPPED));
      for (int partition = 0; partition < 2; partition++) {
        int part = partition;
        List<String> versions =
            out.stream()
                .filter(p -> p.getLineage().getPartition() == part)
                .sorted(Comparator.comparingLong(p -> p.getLineage().getOffset()))
                .map(p -> p.getModelVersion().toString())
                .toList();
        assertThat(String.join("", versions))
            .as("partition %d switches once to v1 and once back", part)
            .matches(ScoringFixtures.SHIPPED + "+1+" + ScoringFixtures.SHIPPED + "+");
      }
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void windowsAreScoredOnceWithAShadowAndATamperedVersionIsRefused() throws Exception {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    KafkaTestTopics topics = new KafkaTestTopics(bootstrap, registry, "score-windows");
    topics.create(2, "windows", "predictions", "shadow");
    topics.create(1, "control", "alerts", "dead");
    ScoringTopics names = names(topics, "windows");
    Path models = ScoringFixtures.shippedModelsCopy(temp.resolve("models"));
    // another trace-lstm version: the promoted files again, published (not promoted), then tampered
    ModelRegistry registryDir = new ModelRegistry(models);
    int inUse = registryDir.promotedVersion("trace-lstm");
    var v1 = registryDir.load("trace-lstm", inUse);
    Path staging = temp.resolve("staging");
    java.nio.file.Files.createDirectories(staging);
    for (String f : v1.manifest().files().keySet()) {
      java.nio.file.Files.copy(v1.file(f), staging.resolve(f));
    }
    int tampered = registryDir.publish(v1.manifest(), staging).manifest().version();
    ScoringFixtures.tamper(models, "trace-lstm", tampered);

    FlinkKafkaSettings kafka =
        FlinkKafkaSettings.of(bootstrap, registry, "it-score-" + topics.name("").hashCode());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            2, JobEnvironment.configuration(CHECKPOINTS));
    ScoringJob.mtsWindows(kafka, settings(models, "trace-lstm"), names).build(env);
    JobClient job = env.executeAsync("score-windows-it");
    try {
      List<MtsWindow> first =
          IntStream.range(0, 20)
              .mapToObj(i -> window(i % 2 == 0 ? "ETCH01/PM1" : "ETCH02/PM2", i, 60, TRACE_SENSORS))
              .toList();
      sendWindows(topics, names, first);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  topics
                          .readCommitted(
                              names.predictions(),
                              topics.deserializer(TracePrediction.class),
                              0,
                              Duration.ZERO,
                              Duration.ofSeconds(2))
                          .size()
                      >= first.size());
      publish(topics, names, control("trace-lstm", ModelAction.SHADOW, inUse));
      publish(topics, names, control("trace-lstm", ModelAction.PROMOTE, tampered));
      List<Alert> alerts =
          topics
              .readCommitted(
                  names.alerts(),
                  topics.deserializer(Alert.class),
                  1,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(60))
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getCause()).hasToString("model_checksum");
                assertThat(a.getModel()).hasToString("trace-lstm");
                assertThat(a.getModelVersion()).hasToString(String.valueOf(tampered));
              });
      List<MtsWindow> second =
          IntStream.range(20, 40)
              .mapToObj(i -> window("ETCH03/PM1", i, 60, TRACE_SENSORS))
              .toList();
      sendWindows(topics, names, second);
      topics.sendRaw(names.input(), "ETCH03/PM1", "not avro".getBytes(StandardCharsets.UTF_8));

      List<TracePrediction> out =
          topics
              .readCommitted(
                  names.predictions(),
                  topics.deserializer(TracePrediction.class),
                  40,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(90))
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      assertThat(out).extracting(p -> p.getWindowId().toString()).doesNotHaveDuplicates();
      assertThat(out)
          .hasSize(40)
          .allSatisfy(p -> assertThat(p.getModelVersion()).hasToString(String.valueOf(inUse)));
      List<TracePrediction> shadow =
          topics
              .readCommitted(
                  names.shadow(),
                  topics.deserializer(TracePrediction.class),
                  20,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(30))
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      assertThat(shadow)
          .extracting(p -> p.getWindowId().toString())
          .containsAll(second.stream().map(w -> w.getWindowId().toString()).toList());
      assertThat(shadow).allSatisfy(p -> assertThat(p.getShadow()).isTrue());
      assertThat(
              topics.readCommitted(
                  names.deadLetter(),
                  topics.deserializer(DeadLetter.class),
                  1,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(30)))
          .singleElement()
          .satisfies(r -> assertThat(r.value().getReasonCode()).hasToString("UNDECODABLE"));
    } finally {
      job.cancel().get();
    }
  }

  private static ScoringTopics names(KafkaTestTopics topics, String input) {
    return new ScoringTopics(
        topics.name(input),
        topics.name("predictions"),
        topics.name("shadow"),
        topics.name("control"),
        topics.name("alerts"),
        topics.name("dead"));
  }

  private static ScoringSettings settings(Path models, String model) {
    return new ScoringSettings(
        models.toString(),
        model,
        RunnerSettings.cpu(Engine.ONNXRUNTIME),
        16,
        Duration.ofMillis(20));
  }

  private static void send(
      KafkaTestTopics topics, ScoringTopics names, List<WaferMap> sent, List<WaferMap> maps) {
    topics.send(
        names.input(),
        maps.stream()
            .map(m -> new Keyed<>(m.getWaferId().toString(), m, m.getInspectedAt()))
            .toList());
    sent.addAll(maps);
  }

  /**
   * Sends a couple of maps at a time (lots named {@code prefix...}) until one sent after the change
   * comes back scored by {@code version}: the change has reached the scorer.
   */
  private static void awaitSwitch(
      KafkaTestTopics topics,
      ScoringTopics names,
      List<WaferMap> sent,
      String prefix,
      String version) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              send(topics, names, sent, lot(prefix + sent.size(), 2, DefectPattern.SCRATCH));
              return predictions(topics, names.predictions(), 0).stream()
                  .anyMatch(
                      p ->
                          p.getLot().toString().startsWith(prefix)
                              && p.getModelVersion().toString().equals(version));
            });
  }

  private static void sendWindows(
      KafkaTestTopics topics, ScoringTopics names, List<MtsWindow> windows) {
    topics.send(
        names.input(),
        windows.stream()
            .map(w -> new Keyed<>(w.getTool() + "/" + w.getChamber(), w, w.getWindowEnd()))
            .toList());
  }

  private static void publish(KafkaTestTopics topics, ScoringTopics names, ModelControl control) {
    topics.send(
        names.control(),
        List.of(new Keyed<>(control.getModel().toString(), control, control.getIssuedAt())));
  }

  private static void awaitPredictions(KafkaTestTopics topics, String topic, int n) {
    await().atMost(Duration.ofSeconds(90)).until(() -> predictions(topics, topic, 0).size() >= n);
  }

  private static List<WaferPrediction> predictions(KafkaTestTopics topics, String topic, int n) {
    return topics
        .readCommitted(
            topic,
            topics.deserializer(WaferPrediction.class),
            n,
            Duration.ofMillis(n == 0 ? 0 : 2_000),
            Duration.ofSeconds(n == 0 ? 2 : 90))
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }
}
