package io.fabstream.features.lot;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.features.kafka.FabKafka;
import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.testing.FailOnce;
import io.fabstream.features.testing.KafkaTestTopics;
import io.fabstream.features.testing.KafkaTestTopics.Keyed;
import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.WaferMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The job on the real broker and registry, through a forced task failure: every lot and every lot x
 * step is reported exactly once with the values its inputs imply, and an undecodable record ends up
 * as a dead letter.
 *
 * <p>Lots close on END in event time, so the watermark must pass each half's last END: after each
 * half the test sends a "clock tick", records of a clock lot stamped later than anything before, to
 * every partition of every input topic (keys chosen by Kafka's partitioner). Each of the job's six
 * source splits then sees a later time, and the watermark passes the half's ENDs without depending
 * on idleness timing. The clock lot never closes within the test (its TTL is a day of event time).
 * Idleness is off, so nothing can be declared late because a partition was briefly quiet.
 */
@Tag("kafka")
class LotTrackingJobITCase {

  private static final int LOTS = 8;
  private static final int PARTITIONS = 2;
  private static final long MINUTE = 60_000;
  private static final long LOT_SPACING = 30 * MINUTE;

  @Test
  void reportsEveryLotAndStepExactlyOnceAcrossAForcedFailure() throws Exception {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    String run = UUID.randomUUID().toString().substring(0, 8);
    KafkaTestTopics topics = new KafkaTestTopics(bootstrap, registry, "lot-tracking");
    topics.create(PARTITIONS, "wafer-maps", "lot-events", "mts-windows");
    topics.create(1, "lot-features", "dead-letter");
    String mapsTopic = topics.name("wafer-maps");
    String eventsTopic = topics.name("lot-events");
    String windowsTopic = topics.name("mts-windows");
    String featuresTopic = topics.name("lot-features");
    String deadLetterTopic = topics.name("dead-letter");

    long t0 = Instant.parse("2025-03-01T06:00:00Z").toEpochMilli();
    List<SimulatedLot> lots = new ArrayList<>();
    for (int i = 0; i < LOTS; i++) {
      lots.add(new SimulatedLot("L" + run + "-" + i, i, t0 + i * LOT_SPACING));
    }

    FlinkKafkaSettings settings = FlinkKafkaSettings.of(bootstrap, registry, "lot-it-" + run);
    String failure = "lot-it-wafer-maps-" + run;
    LotTrackingJob job =
        new LotTrackingJob(
            LotTrackingConfig.defaults().withIdleness(Duration.ZERO),
            FabKafka.source(
                settings,
                mapsTopic,
                "wafer-maps",
                new FailOnce<>(failure, LotTrackingJob.waferMapReader(registry))),
            FabKafka.source(
                settings, eventsTopic, "lot-events", LotTrackingJob.lotEventReader(registry)),
            FabKafka.source(
                settings, windowsTopic, "mts-windows", LotTrackingJob.windowReader(registry)),
            FabKafka.exactlyOnceSink(
                settings,
                "lot-features",
                LotTrackingJob.featuresWriter(registry).to(featuresTopic)),
            FabKafka.exactlyOnceSink(
                settings,
                "dead-letter",
                LotTrackingJob.deadLetterWriter(registry).to(deadLetterTopic)));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            2, JobEnvironment.configuration(Duration.ofMillis(500)));
    job.build(env);

    JobClient client = env.executeAsync("lot-tracking-it-" + run);
    try {
      List<SimulatedLot> firstHalf = lots.subList(0, LOTS / 2);
      List<SimulatedLot> secondHalf = lots.subList(LOTS / 2, LOTS);

      topics.sendRaw(mapsTopic, "not-a-map", "this is not Avro".getBytes(StandardCharsets.UTF_8));
      send(topics, mapsTopic, eventsTopic, windowsTopic, firstHalf);
      tick(topics, mapsTopic, eventsTopic, windowsTopic, run, endOf(firstHalf) + MINUTE);
      List<ConsumerRecord<byte[], LotFeatures>> early =
          topics.readCommitted(
              featuresTopic,
              topics.deserializer(LotFeatures.class),
              firstHalf.size() * 3,
              Duration.ZERO,
              Duration.ofSeconds(60));
      assertThat(early).as("first half reported before the failure").hasSize(firstHalf.size() * 3);

      FailOnce.arm(failure);
      send(topics, mapsTopic, eventsTopic, windowsTopic, secondHalf);
      tick(topics, mapsTopic, eventsTopic, windowsTopic, run, endOf(secondHalf) + MINUTE);

      List<ConsumerRecord<byte[], LotFeatures>> records =
          topics.readCommitted(
              featuresTopic,
              topics.deserializer(LotFeatures.class),
              LOTS * 3,
              Duration.ofSeconds(3),
              Duration.ofSeconds(90));
      assertThat(FailOnce.fired(failure)).as("the forced failure happened").isTrue();

      Map<String, List<LotFeatures>> byKey = new HashMap<>();
      for (ConsumerRecord<byte[], LotFeatures> r : records) {
        LotFeatures f = r.value();
        String key = new String(r.key(), StandardCharsets.UTF_8);
        assertThat(key).isEqualTo(LotTrackingJob.featuresKey(f));
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      }
      assertThat(byKey).as("lots and lot x steps reported").hasSize(LOTS * 3);
      assertThat(byKey.values()).as("no duplicates").allSatisfy(fs -> assertThat(fs).hasSize(1));
      for (SimulatedLot lot : lots) {
        lot.assertLotLevel(byKey.get(lot.lot).get(0));
        lot.assertEtch(byKey.get(lot.lot + "/ETCH").get(0));
        lot.assertInspect(byKey.get(lot.lot + "/INSPECT").get(0));
      }

      List<ConsumerRecord<byte[], DeadLetter>> letters =
          topics.readCommitted(
              deadLetterTopic,
              topics.deserializer(DeadLetter.class),
              1,
              Duration.ofSeconds(1),
              Duration.ofSeconds(30));
      assertThat(letters)
          .singleElement()
          .satisfies(
              r -> {
                DeadLetter d = r.value();
                assertThat(d.getReasonCode()).isEqualTo("UNDECODABLE");
                assertThat(d.getApplication()).isEqualTo(LotTrackingJob.APPLICATION);
                assertThat(d.getSourceTopic()).isEqualTo(mapsTopic);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("not-a-map");
              });
    } finally {
      client.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static long endOf(List<SimulatedLot> lots) {
    return lots.stream().mapToLong(SimulatedLot::endAt).max().orElseThrow();
  }

  /** Sends the lots' records, each topic in event-time order, keyed as validation keys them. */
  private static void send(
      KafkaTestTopics topics,
      String mapsTopic,
      String eventsTopic,
      String windowsTopic,
      List<SimulatedLot> lots) {
    List<Keyed<LotEvent>> events = new ArrayList<>();
    List<Keyed<MtsWindow>> windows = new ArrayList<>();
    List<Keyed<WaferMap>> maps = new ArrayList<>();
    for (SimulatedLot lot : lots) {
      for (LotEvent e : lot.lotEvents()) {
        events.add(new Keyed<>(e.getLot(), e, e.getEventTime()));
      }
      for (MtsWindow w : lot.windows()) {
        windows.add(new Keyed<>(w.getTool() + "/" + w.getChamber(), w, w.getWindowEnd()));
      }
      for (WaferMap m : lot.waferMaps()) {
        maps.add(new Keyed<>(m.getWaferId(), m, m.getInspectedAt()));
      }
    }
    topics.send(eventsTopic, events);
    topics.send(windowsTopic, windows);
    topics.send(mapsTopic, maps);
  }

  /**
   * Sends one clock-lot record at {@code time} to every partition of every input topic, so every
   * source split's watermark moves past everything sent before.
   */
  private static void tick(
      KafkaTestTopics topics,
      String mapsTopic,
      String eventsTopic,
      String windowsTopic,
      String run,
      long time) {
    String clockLot = "CLOCK-" + run;
    List<Keyed<LotEvent>> events = new ArrayList<>();
    List<Keyed<MtsWindow>> windows = new ArrayList<>();
    List<Keyed<WaferMap>> maps = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      String lot = keyFor(clockLot + "-", partition);
      events.add(
          new Keyed<>(
              lot,
              LotInputs.lotEvent(lot, LotEventType.START).avro(time),
              Instant.ofEpochMilli(time)));
      WaferMap map = LotInputs.waferMap(clockLot, 1).avro(time);
      String wafer = keyFor(clockLot + "-W", partition);
      map.setWaferId(wafer);
      maps.add(new Keyed<>(wafer, map, Instant.ofEpochMilli(time)));
      windows.add(
          new Keyed<>(
              keyFor("CLOCK/PM", partition),
              LotInputs.stepWindow(clockLot, wafer).sensor("pressure", 1.0).avro(time),
              Instant.ofEpochMilli(time)));
    }
    topics.send(eventsTopic, events);
    topics.send(windowsTopic, windows);
    topics.send(mapsTopic, maps);
  }

  /** The first {@code prefix + n} that Kafka's default partitioner puts on {@code partition}. */
  private static String keyFor(String prefix, int partition) {
    for (int n = 0; ; n++) {
      String key = prefix + n;
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(bytes)) % PARTITIONS == partition) {
        return key;
      }
    }
  }
}
