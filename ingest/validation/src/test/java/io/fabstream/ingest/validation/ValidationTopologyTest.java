package io.fabstream.ingest.validation;

import static io.fabstream.ingest.validation.FabFixtures.NOW;
import static io.fabstream.ingest.validation.FabFixtures.lotMove;
import static io.fabstream.ingest.validation.FabFixtures.lotStart;
import static io.fabstream.ingest.validation.FabFixtures.sample;
import static io.fabstream.ingest.validation.FabFixtures.wafer;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology against a real (in-memory) schema registry: routing, keys, dead-letter contents. */
class ValidationTopologyTest {

  private static EmbeddedSchemaRegistry registry;
  private static RawBytes raw;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ValidationMetrics metrics = new ValidationMetrics(meters);
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> rawMaps;
  private TestInputTopic<byte[], byte[]> rawSamples;
  private TestInputTopic<byte[], byte[]> rawLotEvents;
  private TestOutputTopic<String, WaferMap> maps;
  private TestOutputTopic<String, TraceSample> samples;
  private TestOutputTopic<String, LotEvent> lotEvents;
  private TestOutputTopic<byte[], DeadLetter> deadLetters;

  @BeforeAll
  static void startRegistry() {
    registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory());
    raw = new RawBytes(registry.url());
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void startDriver(@TempDir Path stateDir) {
    ValidationConfig config = ValidationConfig.defaults(registry.url());
    driver =
        new TopologyTestDriver(
            ValidationApp.buildTopology(config, metrics),
            ValidationApp.streamsConfig("unused:9092", config, stateDir),
            NOW);
    ByteArraySerializer bytes = new ByteArraySerializer();
    rawMaps = driver.createInputTopic(TopicCatalog.RAW_WAFER_MAPS.name(), bytes, bytes);
    rawSamples = driver.createInputTopic(TopicCatalog.RAW_TRACE_SAMPLES.name(), bytes, bytes);
    rawLotEvents = driver.createInputTopic(TopicCatalog.RAW_LOT_EVENTS.name(), bytes, bytes);
    StringDeserializer strings = new StringDeserializer();
    maps =
        driver.createOutputTopic(
            TopicCatalog.WAFER_MAPS.name(),
            strings,
            FabSerdes.valueDeserializer(TopicCatalog.WAFER_MAPS, registry.url()));
    samples =
        driver.createOutputTopic(
            TopicCatalog.TRACE_SAMPLES.name(),
            strings,
            FabSerdes.valueDeserializer(TopicCatalog.TRACE_SAMPLES, registry.url()));
    lotEvents =
        driver.createOutputTopic(
            TopicCatalog.LOT_EVENTS.name(),
            strings,
            FabSerdes.valueDeserializer(TopicCatalog.LOT_EVENTS, registry.url()));
    deadLetters =
        driver.createOutputTopic(
            TopicCatalog.DEAD_LETTER.name(),
            new ByteArrayDeserializer(),
            FabSerdes.valueDeserializer(TopicCatalog.DEAD_LETTER, registry.url()));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void passesAGoodWaferMapOnKeyedByWaferId() {
    WaferMap map = wafer("LOT7", 4).build();
    rawMaps.pipeInput(key("tool-key"), raw.of(map), NOW.minusMillis(5));

    TestRecord<String, WaferMap> out = maps.readRecord();
    assertThat(out.key()).isEqualTo("LOT7-W04");
    assertThat(out.value()).isEqualTo(map);
    assertThat(out.timestamp())
        .as("keeps the source timestamp")
        .isEqualTo(NOW.minusMillis(5).toEpochMilli());
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(metrics.valid(TopicCatalog.RAW_WAFER_MAPS)).isEqualTo(1);
  }

  @Test
  void passesAGoodTraceSampleOnKeyedByToolAndChamber() {
    TraceSample s = sample("ETCH01", "PM2").withSensor("he_flow", 12.5).build();
    rawSamples.pipeInput(null, raw.of(s));

    TestRecord<String, TraceSample> out = samples.readRecord();
    assertThat(out.key()).isEqualTo("ETCH01/PM2");
    assertThat(out.value()).isEqualTo(s);
    assertThat(metrics.valid(TopicCatalog.RAW_TRACE_SAMPLES)).isEqualTo(1);
  }

  @Test
  void passesAGoodLotEventOnKeyedByLot() {
    LotEvent e = lotMove("LOT9", "POLY_ETCH", "ETCH01").build();
    rawLotEvents.pipeInput(key("whatever"), raw.of(e));

    TestRecord<String, LotEvent> out = lotEvents.readRecord();
    assertThat(out.key()).isEqualTo("LOT9");
    assertThat(out.value()).isEqualTo(e);
  }

  @Test
  void deadLettersATombstoneWithItsKey() {
    rawMaps.pipeInput(key("LOT1-W01"), null, NOW.minusSeconds(1));

    DeadLetter letter = onlyDeadLetter();
    assertThat(letter.getReasonCode()).isEqualTo("NULL_VALUE");
    assertThat(letter.getOriginalValue()).isNull();
    assertThat(bytes(letter.getOriginalKey())).isEqualTo(key("LOT1-W01"));
    assertThat(letter.getSourceTimestamp()).isEqualTo(NOW.minusSeconds(1));
  }

  @Test
  void deadLettersJsonThatIsNotFramed() {
    byte[] json = RawBytes.json("{\"waferId\":\"W1\"}");
    rawMaps.pipeInput(key("W1"), json);

    DeadLetter letter = onlyDeadLetter();
    assertThat(letter.getReasonCode()).isEqualTo("NOT_FRAMED");
    assertThat(letter.getReason()).contains("0x7b");
    assertThat(bytes(letter.getOriginalValue())).isEqualTo(json);
  }

  @Test
  void deadLettersAnUnregisteredSchemaId() {
    byte[] value = RawBytes.withUnregisteredId(raw.of(wafer("LOT1", 1).build()));
    rawMaps.pipeInput(key("W"), value);

    DeadLetter letter = onlyDeadLetter();
    assertThat(letter.getReasonCode()).isEqualTo("UNKNOWN_SCHEMA_ID");
    assertThat(letter.getReason()).contains(String.valueOf(RawBytes.UNREGISTERED_SCHEMA_ID));
    assertThat(bytes(letter.getOriginalValue())).isEqualTo(value);
  }

  @Test
  void deadLettersATruncatedBodyWithTheDecodersMessage() {
    byte[] value = RawBytes.truncated(raw.of(sample("ETCH01", "PM1").build()));
    rawSamples.pipeInput(key("ETCH01/PM1"), value);

    DeadLetter letter = onlyDeadLetter();
    assertThat(letter.getReasonCode()).isEqualTo("UNDECODABLE");
    assertThat(letter.getReason()).contains("does not decode as TraceSample");
    assertThat(bytes(letter.getOriginalValue())).isEqualTo(value);
  }

  @Test
  void deadLettersTrailingBytesAfterTheRecord() {
    byte[] value = RawBytes.withTrailingGarbage(raw.of(lotStart("LOT1", "W1").build()));
    rawLotEvents.pipeInput(key("LOT1"), value);

    DeadLetter letter = onlyDeadLetter();
    assertThat(letter.getReasonCode()).isEqualTo("UNDECODABLE");
    assertThat(letter.getReason()).contains("trailing bytes");
  }

  @Test
  void deadLettersATraceSampleSentToTheWaferMapTopic() {
    byte[] value = raw.of(sample("ETCH01", "PM1").build());
    rawMaps.pipeInput(key("oops"), value);

    DeadLetter letter = onlyDeadLetter();
    assertThat(letter.getReasonCode()).isEqualTo("WRONG_RECORD_TYPE");
    assertThat(letter.getReason())
        .contains("io.fabstream.schemas.TraceSample")
        .contains("io.fabstream.schemas.WaferMap");
  }

  @Test
  void deadLettersABrokenRecordWithSourceCoordinatesAndOriginalBytes() {
    rawSamples.pipeInput(key("first"), raw.of(sample("ETCH01", "PM1").build()));
    byte[] nan = raw.of(sample("ETCH01", "PM1").withSensor("rf_power", Double.NaN).build());
    Instant sent = NOW.minusMillis(250);
    rawSamples.pipeInput(key("ETCH01/PM1"), nan, sent);

    DeadLetter letter = onlyDeadLetter();
    assertThat(letter.getReasonCode()).isEqualTo("SENSOR_NOT_FINITE");
    assertThat(letter.getReason()).isEqualTo("sensor rf_power is NaN");
    assertThat(letter.getSourceTopic()).isEqualTo(TopicCatalog.RAW_TRACE_SAMPLES.name());
    assertThat(letter.getSourcePartition()).isZero();
    assertThat(letter.getSourceOffset()).isEqualTo(1L);
    assertThat(letter.getSourceTimestamp()).isEqualTo(sent);
    assertThat(letter.getApplication()).isEqualTo(ValidationConfig.DEFAULT_APPLICATION_ID);
    assertThat(letter.getDetectedAt()).isEqualTo(NOW);
    assertThat(bytes(letter.getOriginalKey())).isEqualTo(key("ETCH01/PM1"));
    assertThat(bytes(letter.getOriginalValue())).isEqualTo(nan);
    assertThat(samples.readValuesToList()).hasSize(1);
  }

  @Test
  void judgesEventTimesAgainstTheStreamsWallClock() {
    WaferMap fromTheFuture = wafer("LOT1", 2).inspectedAt(NOW.plus(Duration.ofMinutes(10))).build();
    rawMaps.pipeInput(key("a"), raw.of(fromTheFuture));
    assertThat(onlyDeadLetter().getReasonCode()).isEqualTo("EVENT_TIME_IN_FUTURE");

    driver.advanceWallClockTime(Duration.ofMinutes(6));
    rawMaps.pipeInput(key("a"), raw.of(fromTheFuture));
    assertThat(maps.readValuesToList()).containsExactly(fromTheFuture);
  }

  @Test
  void sendsEveryRecordSomewhereAndCountsItByTopicOutcomeAndReason() {
    List<byte[]> values =
        List.of(
            raw.of(wafer("LOT1", 1).build()),
            raw.of(wafer("LOT1", 2).withDies(0, 1, 0, 1, 5, 1, 0, 1, 0).build()),
            raw.of(wafer("LOT1", 3).withGrid(2, 2).build()),
            RawBytes.json("not avro"),
            raw.of(wafer("LOT1", 4).build()));
    values.forEach(v -> rawMaps.pipeInput(key("k"), v));

    assertThat(maps.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("LOT1-W01", "LOT1-W04");
    assertThat(deadLetters.readValuesToList())
        .extracting(DeadLetter::getReasonCode)
        .containsExactly("DIE_VALUE", "DIE_GRID_LENGTH", "NOT_FRAMED");
    assertThat(metrics.valid(TopicCatalog.RAW_WAFER_MAPS)).isEqualTo(2);
    assertThat(metrics.deadLettered(TopicCatalog.RAW_WAFER_MAPS)).isEqualTo(3);
    assertThat(metrics.deadLettered(TopicCatalog.RAW_WAFER_MAPS.name(), ReasonCode.DIE_VALUE))
        .isEqualTo(1);
    assertThat(
            meters
                .get(ValidationMetrics.RECORDS)
                .tags(
                    "topic",
                    TopicCatalog.RAW_WAFER_MAPS.name(),
                    "outcome",
                    "dead_letter",
                    "reason",
                    "NOT_FRAMED")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(metrics.summary()).contains("valid 2, dead-lettered 3");
  }

  private DeadLetter onlyDeadLetter() {
    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters).hasSize(1);
    assertThat(maps.isEmpty() && lotEvents.isEmpty()).as("no validated output").isTrue();
    return letters.get(0);
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }
}
