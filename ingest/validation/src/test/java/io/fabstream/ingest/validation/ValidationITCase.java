package io.fabstream.ingest.validation;

import static io.fabstream.ingest.validation.FabFixtures.lotMove;
import static io.fabstream.ingest.validation.FabFixtures.lotStart;
import static io.fabstream.ingest.validation.FabFixtures.sample;
import static io.fabstream.ingest.validation.FabFixtures.wafer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on the real broker and the shared registry: bad records of every kind, interleaved with
 * good ones, each end up in exactly one place and the app keeps running.
 */
@Tag("kafka")
class ValidationITCase {

  private static final int GOOD_PER_KIND = 40;

  /** One broken record the test sends, and what validation must say about it. */
  private record BadInput(String topic, byte[] value, ReasonCode expected) {}

  @Test
  void deadLettersEveryKindOfBadInputAndPassesEveryGoodRecordExactlyOnce(@TempDir Path stateDir) {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
    String run = UUID.randomUUID().toString().substring(0, 8);
    ValidationConfig config =
        ValidationConfig.defaults(registry.url()).withApplicationId("validation-it-" + run);
    RawBytes raw = new RawBytes(registry.url());
    Instant now = Instant.now();

    Map<String, BadInput> bad = badInputs(raw, run, now);
    assertThat(bad.values().stream().map(BadInput::expected).distinct())
        .hasSizeGreaterThanOrEqualTo(12);

    Set<String> goodWafers = new HashSet<>();
    Set<String> goodSampleWafers = new HashSet<>();
    Set<String> goodLots = new HashSet<>();
    List<ProducerRecord<byte[], byte[]>> toSend = new ArrayList<>();
    List<Map.Entry<String, BadInput>> badList = new ArrayList<>(bad.entrySet());
    for (int i = 0; i < GOOD_PER_KIND; i++) {
      String lot = "L" + run + "-" + i;
      WaferMap map = wafer(lot, 1 + i % 25).inspectedAt(now.minusSeconds(30)).build();
      goodWafers.add(map.getWaferId());
      toSend.add(record(TopicCatalog.RAW_WAFER_MAPS.name(), map.getWaferId(), raw.of(map)));
      TraceSample s =
          sample("ETCH0" + i % 3, "PM" + i % 2).ofWafer(lot, lot + "-W01").at(now).build();
      goodSampleWafers.add(s.getWafer());
      toSend.add(record(TopicCatalog.RAW_TRACE_SAMPLES.name(), "ETCH", raw.of(s)));
      LotEvent e = lotMove(lot, "POLY_ETCH", "ETCH01").at(now.minusSeconds(5)).build();
      goodLots.add(lot);
      toSend.add(record(TopicCatalog.RAW_LOT_EVENTS.name(), lot, raw.of(e)));
      if (i < badList.size()) {
        Map.Entry<String, BadInput> b = badList.get(i);
        toSend.add(record(b.getValue().topic(), b.getKey(), b.getValue().value()));
      }
    }

    TopicAdmin.ensureTopics(bootstrap, ValidationApp.TOPICS);
    try (ValidationRunner runner =
            new ValidationRunner(
                bootstrap, config, stateDir, new SimpleMeterRegistry(), Duration.ofSeconds(2));
        KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, run)) {
      runner.start();
      produce(bootstrap, toSend);

      Deserializer<WaferMap> maps =
          FabSerdes.valueDeserializer(TopicCatalog.WAFER_MAPS, registry.url());
      Deserializer<TraceSample> samples =
          FabSerdes.valueDeserializer(TopicCatalog.TRACE_SAMPLES, registry.url());
      Deserializer<LotEvent> lotEvents =
          FabSerdes.valueDeserializer(TopicCatalog.LOT_EVENTS, registry.url());
      Deserializer<DeadLetter> letters =
          FabSerdes.valueDeserializer(TopicCatalog.DEAD_LETTER, registry.url());
      Map<String, Integer> seenWafers = new HashMap<>();
      Map<String, Integer> seenSampleWafers = new HashMap<>();
      Map<String, Integer> seenLots = new HashMap<>();
      Map<String, DeadLetter> deadLetters = new HashMap<>();
      List<String> duplicateLetters = new ArrayList<>();

      await()
          .atMost(Duration.ofSeconds(45))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  String topic = r.topic();
                  if (topic.equals(TopicCatalog.WAFER_MAPS.name())) {
                    WaferMap m = maps.deserialize(topic, r.value());
                    assertThat(new String(r.key(), StandardCharsets.UTF_8))
                        .isEqualTo(m.getWaferId());
                    seenWafers.merge(m.getWaferId(), 1, Integer::sum);
                  } else if (topic.equals(TopicCatalog.TRACE_SAMPLES.name())) {
                    TraceSample s = samples.deserialize(topic, r.value());
                    assertThat(new String(r.key(), StandardCharsets.UTF_8))
                        .isEqualTo(s.getTool() + "/" + s.getChamber());
                    seenSampleWafers.merge(s.getWafer(), 1, Integer::sum);
                  } else if (topic.equals(TopicCatalog.LOT_EVENTS.name())) {
                    LotEvent e = lotEvents.deserialize(topic, r.value());
                    seenLots.merge(e.getLot(), 1, Integer::sum);
                  } else {
                    DeadLetter d = letters.deserialize(topic, r.value());
                    if (d.getApplication().equals(config.applicationId())) {
                      String key = new String(bytes(d.getOriginalKey()), StandardCharsets.UTF_8);
                      if (deadLetters.put(key, d) != null) {
                        duplicateLetters.add(key);
                      }
                    }
                  }
                }
                return seenWafers.keySet().containsAll(goodWafers)
                    && seenSampleWafers.keySet().containsAll(goodSampleWafers)
                    && seenLots.keySet().containsAll(goodLots)
                    && deadLetters.keySet().containsAll(bad.keySet());
              });

      bad.forEach(
          (key, input) -> {
            DeadLetter letter = deadLetters.get(key);
            assertThat(letter.getReasonCode())
                .as("reason of %s", key)
                .isEqualTo(input.expected().name());
            assertThat(letter.getReason()).as("reason text of %s", key).isNotBlank();
            assertThat(letter.getSourceTopic()).isEqualTo(input.topic());
            assertThat(letter.getSourceOffset()).isNotNegative();
            assertThat(letter.getSourceTimestamp()).isNotNull();
            if (input.value() == null) {
              assertThat(letter.getOriginalValue()).isNull();
            } else {
              assertThat(bytes(letter.getOriginalValue()))
                  .as("original bytes of %s", key)
                  .isEqualTo(input.value());
            }
          });
      assertThat(duplicateLetters).isEmpty();
      assertThat(deadLetters.keySet()).isEqualTo(bad.keySet());
      assertThat(seenWafers.keySet()).isEqualTo(goodWafers);
      assertThat(seenWafers.values()).allMatch(n -> n == 1);
      assertThat(seenSampleWafers.keySet()).isEqualTo(goodSampleWafers);
      assertThat(seenSampleWafers.values()).allMatch(n -> n == 1);
      assertThat(seenLots.keySet()).isEqualTo(goodLots);
      assertThat(seenLots.values()).allMatch(n -> n == 1);
      assertThat(runner.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(runner.replacedThreads()).isZero();
      assertThat(runner.metrics().totalValid()).isEqualTo(3L * GOOD_PER_KIND);
      assertThat(runner.metrics().totalDeadLettered()).isEqualTo(bad.size());
    }
  }

  private static Map<String, BadInput> badInputs(RawBytes raw, String run, Instant now) {
    String maps = TopicCatalog.RAW_WAFER_MAPS.name();
    String samples = TopicCatalog.RAW_TRACE_SAMPLES.name();
    String lots = TopicCatalog.RAW_LOT_EVENTS.name();
    WaferMap goodMap = wafer("LOT" + run, 1).inspectedAt(now).build();
    TraceSample goodSample = sample("ETCH01", "PM1").at(now).build();
    Map<String, BadInput> bad = new HashMap<>();
    bad.put("tombstone", new BadInput(maps, null, ReasonCode.NULL_VALUE));
    bad.put(
        "json",
        new BadInput(samples, RawBytes.json("{\"tool\":\"ETCH01\"}"), ReasonCode.NOT_FRAMED));
    bad.put(
        "unknown-id",
        new BadInput(
            maps, RawBytes.withUnregisteredId(raw.of(goodMap)), ReasonCode.UNKNOWN_SCHEMA_ID));
    bad.put(
        "truncated",
        new BadInput(samples, RawBytes.truncated(raw.of(goodSample)), ReasonCode.UNDECODABLE));
    bad.put("wrong-type", new BadInput(maps, raw.of(goodSample), ReasonCode.WRONG_RECORD_TYPE));
    bad.put(
        "blank-wafer",
        new BadInput(
            maps,
            raw.of(wafer("LOT" + run, 2).withWaferId(" ").inspectedAt(now).build()),
            ReasonCode.MISSING_FIELD));
    bad.put(
        "grid-length",
        new BadInput(
            maps,
            raw.of(wafer("LOT" + run, 3).withGrid(4, 4).inspectedAt(now).build()),
            ReasonCode.DIE_GRID_LENGTH));
    bad.put(
        "die-value",
        new BadInput(
            maps,
            raw.of(
                wafer("LOT" + run, 4).withDies(0, 1, 0, 1, 9, 1, 0, 1, 0).inspectedAt(now).build()),
            ReasonCode.DIE_VALUE));
    bad.put(
        "bin-codes",
        new BadInput(
            maps,
            raw.of(wafer("LOT" + run, 5).withBinCodes(1, 2).inspectedAt(now).build()),
            ReasonCode.BIN_CODES_LENGTH));
    bad.put(
        "nan",
        new BadInput(
            samples,
            raw.of(sample("ETCH01", "PM1").withSensor("rf_power", Double.NaN).at(now).build()),
            ReasonCode.SENSOR_NOT_FINITE));
    bad.put(
        "negative-pressure",
        new BadInput(
            samples,
            raw.of(sample("ETCH01", "PM1").withSensor("chamber_pressure", -1).at(now).build()),
            ReasonCode.SENSOR_OUT_OF_RANGE));
    bad.put(
        "no-sensors",
        new BadInput(
            samples,
            raw.of(sample("ETCH01", "PM1").withoutSensors().at(now).build()),
            ReasonCode.SENSORS_EMPTY));
    bad.put(
        "mismatch",
        new BadInput(
            samples,
            raw.of(sample("ETCH01", "PM1").withMissingValue().at(now).build()),
            ReasonCode.SENSOR_ARRAYS_MISMATCH));
    bad.put(
        "duplicate-sensor",
        new BadInput(
            samples,
            raw.of(sample("ETCH01", "PM1").withExtraReading("rf_power", 1).at(now).build()),
            ReasonCode.SENSOR_DUPLICATE));
    bad.put(
        "future",
        new BadInput(
            samples,
            raw.of(sample("ETCH01", "PM1").at(now.plus(Duration.ofHours(2))).build()),
            ReasonCode.EVENT_TIME_IN_FUTURE));
    bad.put(
        "epoch",
        new BadInput(
            maps,
            raw.of(wafer("LOT" + run, 6).inspectedAt(Instant.EPOCH).build()),
            ReasonCode.EVENT_TIME_TOO_OLD));
    bad.put(
        "unknown-lot-event",
        new BadInput(
            lots,
            raw.of(lotStart("LOT" + run).ofType(LotEventType.UNKNOWN).at(now).build()),
            ReasonCode.LOT_EVENT_TYPE_UNKNOWN));
    bad.put(
        "move-nowhere",
        new BadInput(
            lots,
            raw.of(lotMove("LOT" + run, "POLY_ETCH", null).at(now).build()),
            ReasonCode.LOT_EVENT_INCOMPLETE));
    bad.put(
        "twice-listed",
        new BadInput(
            lots,
            raw.of(lotStart("LOT" + run, "W1", "W1").at(now).build()),
            ReasonCode.LOT_WAFER_LIST));
    Map<String, BadInput> keyed = new HashMap<>();
    bad.forEach((k, v) -> keyed.put("bad-" + run + "-" + k, v));
    return keyed;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static void produce(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      records.forEach(producer::send);
      producer.flush();
    }
  }

  private static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap, String run) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "validation-it-reader-" + run,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(
        List.of(
            TopicCatalog.WAFER_MAPS.name(),
            TopicCatalog.TRACE_SAMPLES.name(),
            TopicCatalog.LOT_EVENTS.name(),
            TopicCatalog.DEAD_LETTER.name()));
    return consumer;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }
}
