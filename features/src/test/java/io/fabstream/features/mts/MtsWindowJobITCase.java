package io.fabstream.features.mts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.testing.FailOnce;
import io.fabstream.features.testing.KafkaTestTopics;
import io.fabstream.features.testing.KafkaTestTopics.Keyed;
import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The MTS job on the real broker and registry, in a Flink MiniCluster, killed once mid-stream:
 * after the restart from the last checkpoint every window is in the output topic exactly once, and
 * a late sample and an undecodable record each land in their own topic.
 */
@Tag("kafka")
class MtsWindowJobITCase {

  private static final String[] CHAMBERS = {"ETCH01/PM1", "ETCH01/PM2", "ETCH02/PM1", "ETCH02/PM2"};
  private static final int WAFERS = 6;
  private static final int SAMPLES_PER_STEP = 40;
  private static final long PERIOD_MS = 100;
  private static final long WAFER_SPAN_MS = 2 * SAMPLES_PER_STEP * PERIOD_MS + 5_000;
  private static final int T = 20;
  private static final int STRIDE = 10;
  private static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

  @Test
  void everyWindowIsWrittenExactlyOnceAcrossARestartFromACheckpoint() throws Exception {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    KafkaTestTopics topics = new KafkaTestTopics(bootstrap, registry, "mts");
    topics.create(2, "samples");
    topics.create(1, "windows", "late", "dead");
    MtsTopics names =
        new MtsTopics(
            topics.name("samples"),
            topics.name("windows"),
            topics.name("late"),
            topics.name("dead"));
    FlinkKafkaSettings kafka =
        FlinkKafkaSettings.of(bootstrap, registry, "it-mts-" + topics.name(""));
    String failure = "mts-it-" + topics.name("");
    MtsWindowConfig config =
        MtsWindowConfig.defaults()
            .withWindow(T, STRIDE)
            .withOrdering(Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(1));

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            2, JobEnvironment.configuration(Duration.ofMillis(500)));
    MtsWindowJob.kafka(kafka, config, names, new FailOnce<>(failure, MtsWindowJob.reader(kafka)))
        .build(env);
    JobClient job = env.executeAsync("mts-it");
    try {
      topics.send(names.traceSamples(), wafers(0, WAFERS / 2));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !topics
                      .readCommitted(
                          names.windows(),
                          topics.deserializer(MtsWindow.class),
                          1,
                          Duration.ZERO,
                          Duration.ofSeconds(1))
                      .isEmpty());

      FailOnce.arm(failure);
      List<Keyed<TraceSample>> rest = new ArrayList<>(wafers(WAFERS / 2, WAFERS));
      Instant clock = START.plus(Duration.ofHours(1));
      for (int partition = 0; partition < 2; partition++) {
        rest.add(
            new Keyed<>(
                "CLOCK/" + partition,
                sample("CLOCK", "PM" + partition, "clock", "1", clock, 0),
                clock,
                partition));
      }
      topics.send(names.traceSamples(), rest);

      int expectedPerChamber = WAFERS * (windowsPerRun(2 * SAMPLES_PER_STEP) + 2);
      int expected = CHAMBERS.length * expectedPerChamber;
      List<ConsumerRecord<byte[], MtsWindow>> out =
          topics.readCommitted(
              names.windows(),
              topics.deserializer(MtsWindow.class),
              expected,
              Duration.ofSeconds(3),
              Duration.ofSeconds(90));
      assertThat(FailOnce.fired(failure)).as("the forced failure happened").isTrue();

      List<MtsWindow> windows = out.stream().map(ConsumerRecord::value).toList();
      Map<String, Long> perId =
          windows.stream()
              .collect(Collectors.groupingBy(MtsWindow::getWindowId, Collectors.counting()));
      assertThat(perId).hasSize(expected);
      assertThat(perId.values()).as("no window written twice").allMatch(n -> n == 1);
      assertThat(
              windows.stream()
                  .collect(
                      Collectors.groupingBy(
                          w -> w.getTool() + "/" + w.getChamber(), Collectors.counting())))
          .containsOnlyKeys(CHAMBERS)
          .allSatisfy((chamber, n) -> assertThat(n).isEqualTo((long) expectedPerChamber));
      assertThat(windows)
          .filteredOn(w -> w.getMode() == WindowMode.STEP_ALIGNED)
          .hasSize(CHAMBERS.length * WAFERS * 2)
          .allSatisfy(w -> assertThat(w.getWafers()).hasSize(1));
      assertThat(windows)
          .allSatisfy(
              w -> {
                assertThat(WindowValues.asList(w)).hasSize(T * 3);
                assertThat(w.getSensorNames()).containsExactly("pressure", "rf_forward", "he_flow");
                assertThat(w.getSourceOffsets()).isNotEmpty();
                assertThat(w.getSourceOffsets().get(0).getTopic()).isEqualTo(names.traceSamples());
                assertThat(w.getFilledGaps()).isZero();
              });

      Instant old = START.plusMillis(PERIOD_MS);
      topics.send(
          names.traceSamples(),
          List.of(new Keyed<>("ETCH01/PM1", sample("ETCH01", "PM1", "W-late", "1", old, 1), old)));
      topics.sendRaw(
          names.traceSamples(), "ETCH01/PM1", "not avro".getBytes(StandardCharsets.UTF_8));
      assertThat(
              topics.readCommitted(
                  names.lateSamples(),
                  topics.deserializer(TraceSample.class),
                  1,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(30)))
          .singleElement()
          .satisfies(r -> assertThat(r.value().getWafer()).isEqualTo("W-late"));
      assertThat(
              topics.readCommitted(
                  names.deadLetter(),
                  topics.deserializer(DeadLetter.class),
                  1,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(30)))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.value().getReasonCode()).isEqualTo("UNDECODABLE");
                assertThat(r.value().getApplication()).isEqualTo(MtsWindowJob.APPLICATION);
                assertThat(r.value().getSourceTopic()).isEqualTo(names.traceSamples());
              });
    } finally {
      job.cancel().get();
    }
  }

  private static int windowsPerRun(int samples) {
    return samples < T ? 0 : (samples - T) / STRIDE + 1;
  }

  /** Wafers [from, to) of every chamber, two recipe steps each, in time order. */
  private static List<Keyed<TraceSample>> wafers(int from, int to) {
    List<Keyed<TraceSample>> out = new ArrayList<>();
    for (int w = from; w < to; w++) {
      for (String chamber : CHAMBERS) {
        String[] tc = chamber.split("/");
        Instant waferStart = START.plusMillis(w * WAFER_SPAN_MS);
        for (int i = 0; i < 2 * SAMPLES_PER_STEP; i++) {
          Instant t = waferStart.plusMillis(i * PERIOD_MS);
          String step = i < SAMPLES_PER_STEP ? "1" : "2";
          out.add(new Keyed<>(chamber, sample(tc[0], tc[1], "W" + (w + 1), step, t, i), t));
        }
      }
    }
    out.sort((a, b) -> a.time().compareTo(b.time()));
    return out;
  }

  private static TraceSample sample(
      String tool, String chamber, String wafer, String step, Instant t, int i) {
    return TraceSample.newBuilder()
        .setTool(tool)
        .setChamber(chamber)
        .setRecipe("ME-ETCH")
        .setRecipeStep(step)
        .setLot("LOT-" + tool)
        .setWafer(wafer)
        .setEventTime(t)
        .setSensorNames(List.of("pressure", "rf_forward", "he_flow"))
        .setSensorValues(List.of(3.0 + 0.01 * i, 500.0 + i, 12.0))
        .setSource("it")
        .build();
  }
}
