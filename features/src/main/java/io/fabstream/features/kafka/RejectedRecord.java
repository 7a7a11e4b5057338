package io.fabstream.features.kafka;

import io.fabstream.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record a Flink job could not use, kept whole with the reason so it reaches the
 * dead-letter topic instead of failing the job. A Flink POJO: it travels inside the records the
 * sources emit.
 */
public class RejectedRecord {
  public String reasonCode;
  public String reason;
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public RejectedRecord() {}

  /** The record and why it was refused. */
  public static RejectedRecord of(
      ConsumerRecord<byte[], byte[]> record, String reasonCode, String reason) {
    RejectedRecord r = new RejectedRecord();
    r.reasonCode = reasonCode;
    r.reason = reason;
    r.topic = record.topic();
    r.partition = record.partition();
    r.offset = record.offset();
    r.timestamp = record.timestamp();
    r.key = record.key();
    r.value = record.value();
    return r;
  }

  /** The dead letter for this record, naming {@code application} as the one that refused it. */
  public DeadLetter toDeadLetter(String application, Instant detectedAt) {
    return DeadLetter.newBuilder()
        .setReasonCode(reasonCode)
        .setReason(reason)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setSourceTimestamp(timestamp >= 0 ? Instant.ofEpochMilli(timestamp) : null)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setApplication(application)
        .setDetectedAt(detectedAt)
        .build();
  }
}
