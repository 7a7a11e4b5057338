package io.fabstream.ingest.validation;

import io.fabstream.schemas.Topic;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * One raw topic's way through validation: where it is read, the rules it must pass, where it goes
 * when good and the key it gets there.
 *
 * @param raw raw topic read
 * @param validated topic good records are written to
 * @param rules the record type's rules
 * @param key key of a good record on the validated topic
 * @param <T> the Avro record the topic carries
 */
record ValidationRoute<T extends SpecificRecord>(
    Topic<String, byte[]> raw,
    Topic<String, T> validated,
    Rules<T> rules,
    Function<T, String> key) {

  /** A record type's rules, checked at wall-clock {@code nowMillis}. */
  @FunctionalInterface
  interface Rules<T> {
    Verdict<T> check(T record, long nowMillis);
  }

  String sourceName() {
    return "source-" + raw.name();
  }

  String processorName() {
    return "validate-" + raw.name();
  }

  String sinkName() {
    return "sink-" + validated.name();
  }
}
