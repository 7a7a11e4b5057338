package io.fabstream.features.mts;

import io.fabstream.schemas.TopicCatalog;

/**
 * The topics {@link MtsWindowJob} reads and writes: the catalog's by default, others where a test
 * or a side-by-side deployment needs its own.
 */
public record MtsTopics(
    String traceSamples, String windows, String lateSamples, String deadLetter) {

  /** The catalog's topics. */
  public static MtsTopics catalog() {
    return new MtsTopics(
        TopicCatalog.TRACE_SAMPLES.name(),
        TopicCatalog.MTS_WINDOWS.name(),
        TopicCatalog.LATE_TRACE_SAMPLES.name(),
        TopicCatalog.DEAD_LETTER.name());
  }
}
