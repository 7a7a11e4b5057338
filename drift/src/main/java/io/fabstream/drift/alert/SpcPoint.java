package io.fabstream.drift.alert;

/**
 * A closed bucket of one tool with its bounds.
 *
 * @param bucket the counts
 * @param start bucket start, epoch millis
 * @param end bucket end, epoch millis
 */
record SpcPoint(AnomalyBucket bucket, long start, long end) {}
