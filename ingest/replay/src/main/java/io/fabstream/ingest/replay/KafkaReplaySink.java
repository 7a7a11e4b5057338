package io.fabstream.ingest.replay;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces fab records to the raw topics the way equipment does: String keys and Avro values in the
 * Confluent wire format, through one idempotent producer so a retry never duplicates a sample.
 * Wafer maps are keyed by wafer id, trace samples by {@code tool/chamber}, lot events by lot id and
 * labels (to {@link TopicCatalog#GROUND_TRUTH}) by subject id. Raw values register their schema
 * under the raw topic's own subject (e.g. {@code fab.raw.wafer-maps-value}). Acknowledged records
 * are counted per topic for a live summary line; the first delivery failure is rethrown by {@link
 * #flush()} or {@link #close()}. The simulator's Kafka sink reuses this class.
 */
public final class KafkaReplaySink implements ReplaySink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaReplaySink.class);
  private static final List<Topic<?, ?>> TOPICS =
      List.of(
          TopicCatalog.RAW_WAFER_MAPS,
          TopicCatalog.RAW_TRACE_SAMPLES,
          TopicCatalog.RAW_LOT_EVENTS,
          TopicCatalog.GROUND_TRUTH);

  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<WaferMap> mapSerializer;
  private final Serializer<TraceSample> sampleSerializer;
  private final Serializer<LotEvent> lotEventSerializer;
  private final Serializer<GroundTruth> labelSerializer;
  private final Map<String, AtomicLong> acknowledged = new LinkedHashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * Creates the raw and ground-truth topics if missing and opens the producer.
   *
   * @param bootstrapServers Kafka bootstrap address
   * @param registryRoot schema registry root URL (as for {@link FabSerdes})
   */
  public KafkaReplaySink(String bootstrapServers, String registryRoot) {
    TopicAdmin.ensureTopics(bootstrapServers, TOPICS);
    for (Topic<?, ?> topic : TOPICS) {
      acknowledged.put(topic.name(), new AtomicLong());
    }
    this.mapSerializer = FabSerdes.avroSerializer(registryRoot);
    this.sampleSerializer = FabSerdes.avroSerializer(registryRoot);
    this.lotEventSerializer = FabSerdes.avroSerializer(registryRoot);
    this.labelSerializer = FabSerdes.valueSerializer(TopicCatalog.GROUND_TRUTH, registryRoot);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "fabstream-raw-producer");
    KafkaClientSecurity.apply(config);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void onWaferMap(WaferMap map) {
    send(
        TopicCatalog.RAW_WAFER_MAPS,
        map.getWaferId(),
        mapSerializer.serialize(TopicCatalog.RAW_WAFER_MAPS.name(), map));
  }

  @Override
  public void onTraceSample(TraceSample sample) {
    send(
        TopicCatalog.RAW_TRACE_SAMPLES,
        sample.getTool() + "/" + sample.getChamber(),
        sampleSerializer.serialize(TopicCatalog.RAW_TRACE_SAMPLES.name(), sample));
  }

  /** One lot movement, keyed by lot id (replayed datasets have none; the simulator does). */
  public void onLotEvent(LotEvent event) {
    send(
        TopicCatalog.RAW_LOT_EVENTS,
        event.getLot(),
        lotEventSerializer.serialize(TopicCatalog.RAW_LOT_EVENTS.name(), event));
  }

  @Override
  public void onGroundTruth(GroundTruth label) {
    send(
        TopicCatalog.GROUND_TRUTH,
        label.getSubjectId(),
        labelSerializer.serialize(TopicCatalog.GROUND_TRUTH.name(), label));
  }

  private void send(Topic<?, ?> topic, String key, byte[] value) {
    rethrowFailure();
    AtomicLong counter = acknowledged.get(topic.name());
    producer.send(
        new ProducerRecord<>(topic.name(), key, value),
        (metadata, exception) -> {
          if (exception == null) {
            counter.incrementAndGet();
          } else if (failure.compareAndSet(null, exception)) {
            LOG.error("could not deliver to {}: {}", topic.name(), exception.getMessage());
          }
        });
  }

  /** Acknowledged records per topic name, in a fixed order; safe to call while producing. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    acknowledged.forEach((topic, n) -> counts.put(topic, n.get()));
    return counts;
  }

  /** One line such as {@code fab.raw.wafer-maps=25 fab.raw.trace-samples=15000 ...}. */
  public String summary() {
    StringBuilder line = new StringBuilder();
    counts().forEach((topic, n) -> line.append(line.isEmpty() ? "" : " ").append(topic + "=" + n));
    return line.toString();
  }

  @Override
  public void flush() {
    producer.flush();
    rethrowFailure();
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      producer.close();
      mapSerializer.close();
      sampleSerializer.close();
      lotEventSerializer.close();
      labelSerializer.close();
    }
  }

  private void rethrowFailure() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Kafka delivery failed: " + e.getMessage(), e);
    }
  }
}
