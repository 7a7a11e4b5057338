package io.fabstream.ingest.simulator;

import io.fabstream.ingest.replay.KafkaReplaySink;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.util.Map;

/**
 * Sends the simulated fab to Kafka as equipment would: maps, traces and lot events to the raw
 * topics (keys: wafer id, {@code tool/chamber}, lot id) in the Confluent wire format, labels to the
 * ground-truth topic keyed by subject, through one idempotent producer. The producing itself is
 * {@link KafkaReplaySink}'s, shared with dataset replay so both ingest paths write identically.
 */
public final class KafkaFabEventSink implements FabEventSink {

  private final KafkaReplaySink producer;

  /**
   * Creates missing topics and opens the producer.
   *
   * @param bootstrapServers Kafka bootstrap address
   * @param registryRoot schema registry root URL
   */
  public KafkaFabEventSink(String bootstrapServers, String registryRoot) {
    this.producer = new KafkaReplaySink(bootstrapServers, registryRoot);
  }

  @Override
  public void onWaferMap(WaferMap map) {
    producer.onWaferMap(map);
  }

  @Override
  public void onTraceSample(TraceSample sample) {
    producer.onTraceSample(sample);
  }

  @Override
  public void onLotEvent(LotEvent event) {
    producer.onLotEvent(event);
  }

  @Override
  public void onGroundTruth(GroundTruth label) {
    producer.onGroundTruth(label);
  }

  /** Acknowledged records per topic name, for a live summary line. */
  public Map<String, Long> counts() {
    return producer.counts();
  }

  /** One line of acknowledged records per topic. */
  public String summary() {
    return producer.summary();
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
