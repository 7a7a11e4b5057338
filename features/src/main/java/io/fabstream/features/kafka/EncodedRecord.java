package io.fabstream.features.kafka;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record already encoded for its topic. A job with several outputs encodes each into this one
 * type and writes them all through one exactly-once sink: one Kafka transaction per checkpoint
 * instead of one per output, so each checkpoint opens one transactional producer, not four, and a
 * checkpoint's predictions, dead letters and alerts become visible together or not at all.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so it travels without Kryo.
 */
public final class EncodedRecord {

  /** Destination topic. */
  public String topic;

  /** Key bytes, or null. */
  public byte[] key;

  /** Value bytes (Confluent wire format for Avro topics). */
  public byte[] value;

  /** For Flink. */
  public EncodedRecord() {}

  public EncodedRecord(String topic, byte[] key, byte[] value) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.key = key;
    this.value = value;
  }

  /** How the shared sink writes these: as they are, to their own topic. */
  public static KafkaRecordSerializationSchema<EncodedRecord> writer() {
    return (record, context, timestamp) ->
        new ProducerRecord<>(record.topic, record.key, record.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedRecord r
        && topic.equals(r.topic)
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * topic.hashCode() + Arrays.hashCode(key)) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "EncodedRecord[" + topic + ", " + (value == null ? 0 : value.length) + " bytes]";
  }
}
