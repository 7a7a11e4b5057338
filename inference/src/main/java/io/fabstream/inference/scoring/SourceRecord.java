package io.fabstream.inference.scoring;

import io.fabstream.features.kafka.RejectedRecord;
import io.fabstream.schemas.SourceRef;
import io.fabstream.schemas.WireFormat;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as the scoring jobs receive it: still encoded, with its coordinates. Decoding
 * happens in the scorer, so a record that does not decode is a dead letter with its bytes intact,
 * and every prediction can name the exact record (topic, partition, offset, schema id) it scored. A
 * Flink POJO.
 */
public class SourceRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public SourceRecord() {}

  /** Copies a consumer record's coordinates and bytes. */
  public static SourceRecord of(ConsumerRecord<byte[], byte[]> record) {
    SourceRecord r = new SourceRecord();
    r.topic = record.topic();
    r.partition = record.partition();
    r.offset = record.offset();
    r.timestamp = record.timestamp();
    r.key = record.key();
    r.value = record.value();
    return r;
  }

  /**
   * The registry id of the writer schema, read from the Confluent wire-format header (magic byte 0,
   * then a 4-byte big-endian id), or null when the value is not framed that way.
   */
  public Integer schemaId() {
    OptionalInt id = WireFormat.schemaId(value);
    return id.isPresent() ? id.getAsInt() : null;
  }

  /** Lineage for a prediction derived from this record. */
  public SourceRef lineage() {
    return SourceRef.newBuilder()
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setSchemaId(schemaId())
        .build();
  }

  /** This record refused for {@code reason}, on its way to the dead-letter topic. */
  public RejectedRecord rejected(String reasonCode, String reason) {
    RejectedRecord r = new RejectedRecord();
    r.reasonCode = reasonCode;
    r.reason = reason;
    r.topic = topic;
    r.partition = partition;
    r.offset = offset;
    r.timestamp = timestamp;
    r.key = key;
    r.value = value;
    return r;
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
