package io.fabstream.drift;

import io.fabstream.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that a drift app decodes but cannot process (a processor throws on it: a wafer map whose
 * grid a profile cannot read, a report that breaks an invariant) goes to {@code fab.dead-letter}
 * with the reason (code {@code PROCESSING_FAILED}, the app, the processor, the source offsets and
 * the record as text), and the app goes on with the next one. Without it one bad record stops the
 * stream thread, and its replacement fails on the same record again. If the dead letter cannot be
 * written the app stops rather than lose the record.
 *
 * <p>The record a processor saw is an object (an Avro record, a scope key), not the source bytes,
 * so the dead letter carries its text form; the source topic, partition and offset lead back to the
 * original bytes.
 */
public final class DeadLetteringProcessingHandler implements ProcessingExceptionHandler {

  /** Reason code of these dead letters. */
  public static final String REASON_CODE = "PROCESSING_FAILED";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProcessingHandler.class);

  private DeadLetterWriter writer;

  @Override
  public void configure(Map<String, ?> configs) {
    writer = DeadLetterWriter.of(configs);
  }

  @Override
  public ProcessingHandlerResponse handle(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String cause = exception.getMessage() == null ? exception.toString() : exception.getMessage();
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setReasonCode(REASON_CODE)
            .setReason(
                writer.application()
                    + " failed on a record of "
                    + context.topic()
                    + " in "
                    + context.processorNodeId()
                    + ": "
                    + cause)
            .setSourceTopic(context.topic())
            .setSourcePartition(context.partition())
            .setSourceOffset(context.offset())
            .setSourceTimestamp(
                context.timestamp() < 0 ? null : Instant.ofEpochMilli(context.timestamp()))
            .setOriginalKey(text(record.key()))
            .setOriginalValue(text(record.value()))
            .setApplication(writer.application())
            .setDetectedAt(Instant.now())
            .build();
    if (!writer.write(letter, context.topic(), context.partition(), context.offset())) {
      return ProcessingHandlerResponse.FAIL;
    }
    LOG.warn(
        "{}: dead-lettered a record of {}-{}@{} that {} could not process: {}",
        writer.application(),
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        cause,
        exception);
    return ProcessingHandlerResponse.CONTINUE;
  }

  private static ByteBuffer text(Object o) {
    return o == null ? null : ByteBuffer.wrap(String.valueOf(o).getBytes(StandardCharsets.UTF_8));
  }
}
