package io.fabstream.drift;

import io.fabstream.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record a drift app cannot decode goes whole to {@code fab.dead-letter} with the reason (code
 * {@code UNDECODABLE}, the app's id, the source offsets and the original bytes), and the app goes
 * on. Without it one corrupt record would stop the app, and a replaced stream thread would fail on
 * the same record again. The dead letter is written synchronously before the record is skipped; if
 * even that fails, the app stops rather than lose the record.
 */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

  /** Streams property naming the schema registry the dead letters are encoded with. */
  public static final String REGISTRY_URL = DeadLetterWriter.REGISTRY_URL;

  private static final Logger LOG =
      LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

  private DeadLetterWriter writer;

  @Override
  public void configure(Map<String, ?> configs) {
    writer = DeadLetterWriter.of(configs);
  }

  @Override
  public DeserializationHandlerResponse handle(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setReasonCode("UNDECODABLE")
            .setReason(
                writer.application()
                    + " cannot decode a record of "
                    + record.topic()
                    + ": "
                    + exception.getMessage())
            .setSourceTopic(record.topic())
            .setSourcePartition(record.partition())
            .setSourceOffset(record.offset())
            .setSourceTimestamp(
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()))
            .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
            .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
            .setApplication(writer.application())
            .setDetectedAt(Instant.now())
            .build();
    if (!writer.write(letter, record.topic(), record.partition(), record.offset())) {
      return DeserializationHandlerResponse.FAIL;
    }
    LOG.warn(
        "{}: dead-lettered undecodable {}-{}@{}: {}",
        writer.application(),
        record.topic(),
        record.partition(),
        record.offset(),
        exception.getMessage());
    return DeserializationHandlerResponse.CONTINUE;
  }
}
