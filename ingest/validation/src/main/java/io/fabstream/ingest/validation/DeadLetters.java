package io.fabstream.ingest.validation;

import io.fabstream.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds the dead letter of a rejected record. The original key and value go in as the very bytes
 * read (copied, never re-encoded) so a fixed record can be replayed exactly and a bad producer can
 * be shown what it sent.
 */
final class DeadLetters {

  private DeadLetters() {}

  /** Where a rejected record came from. */
  record Source(String topic, int partition, long offset, long timestamp) {}

  static DeadLetter of(
      Rejection rejection,
      Source source,
      byte[] originalKey,
      byte[] originalValue,
      String application,
      long detectedAtMillis) {
    return DeadLetter.newBuilder()
        .setReasonCode(rejection.code().name())
        .setReason(rejection.reason())
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setSourceTimestamp(
            source.timestamp() < 0 ? null : Instant.ofEpochMilli(source.timestamp()))
        .setOriginalKey(originalKey == null ? null : ByteBuffer.wrap(originalKey.clone()))
        .setOriginalValue(originalValue == null ? null : ByteBuffer.wrap(originalValue.clone()))
        .setApplication(application)
        .setDetectedAt(Instant.ofEpochMilli(detectedAtMillis))
        .build();
  }
}
