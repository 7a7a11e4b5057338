package io.fabstream.ingest.validation;

import io.fabstream.schemas.DeadLetter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream processor of one raw topic: decode, check, then forward either the typed record
 * (re-keyed) to the validated sink or a dead letter (original bytes) to the dead-letter sink. Every
 * input record produces exactly one output, so nothing is dropped silently.
 */
final class RecordValidator<T extends SpecificRecord>
    implements Processor<byte[], byte[], Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(RecordValidator.class);

  private final ValidationRoute<T> route;
  private final WriterSchemas writerSchemas;
  private final ValidationMetrics metrics;
  private final String application;
  private final String deadLetterSink;
  private RawRecordDecoder<T> decoder;
  private ProcessorContext<Object, Object> context;

  RecordValidator(
      ValidationRoute<T> route,
      WriterSchemas writerSchemas,
      ValidationMetrics metrics,
      String application,
      String deadLetterSink) {
    this.route = route;
    this.writerSchemas = writerSchemas;
    this.metrics = metrics;
    this.application = application;
    this.deadLetterSink = deadLetterSink;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.decoder = new RawRecordDecoder<>(route.validated(), route.raw().name(), writerSchemas);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    long now = context.currentSystemTimeMs();
    Verdict<T> verdict = decoder.decode(record.value()).then(r -> checked(r, now));
    if (verdict instanceof Verdict.Accepted<T> accepted) {
      T value = accepted.value();
      context.forward(record.withKey(route.key().apply(value)).withValue(value), route.sinkName());
      metrics.recordValid(route.raw().name());
    } else {
      Rejection rejection = ((Verdict.Rejected<T>) verdict).rejection();
      DeadLetters.Source source = source(record);
      DeadLetter letter =
          DeadLetters.of(rejection, source, record.key(), record.value(), application, now);
      context.forward(record.withValue(letter), deadLetterSink);
      metrics.recordDeadLetter(route.raw().name(), rejection.code());
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "dead letter {} from {}-{}@{}: {}",
            rejection.code(),
            source.topic(),
            source.partition(),
            source.offset(),
            rejection.reason());
      }
    }
  }

  /**
   * Runs the rules; an exception from a rule is a bug in fabstream, not in the record, but the
   * record still goes to the dead-letter topic (with the exception) so it is not lost and the app
   * keeps running.
   */
  private Verdict<T> checked(T record, long now) {
    try {
      return route.rules().check(record, now);
    } catch (RuntimeException e) {
      LOG.warn("validation rule failed on a record of {}", route.raw().name(), e);
      return Verdict.reject(
          ReasonCode.RULE_FAILURE,
          "a validation rule threw " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  private DeadLetters.Source source(Record<byte[], byte[]> record) {
    return context
        .recordMetadata()
        .map(
            (RecordMetadata m) ->
                new DeadLetters.Source(m.topic(), m.partition(), m.offset(), record.timestamp()))
        .orElseGet(() -> new DeadLetters.Source(route.raw().name(), -1, -1L, record.timestamp()));
  }
}
