package io.fabstream.inference.scoring;

/**
 * A decoded record waiting in a batch.
 *
 * @param value the decoded input
 * @param source the Kafka record it came from
 * @param arrivalNanos {@link System#nanoTime()} when it reached the scorer
 * @param <I> input type
 */
public record Pending<I>(I value, SourceRecord source, long arrivalNanos) {}
