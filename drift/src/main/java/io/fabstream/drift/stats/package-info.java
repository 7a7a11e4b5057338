/**
 * Distribution and proportion statistics for the drift monitor: fixed-bin histograms with PSI and
 * Kolmogorov-Smirnov against the reference, Wilson intervals, confusion matrices and the
 * performance check against the model card. Pure Java, no Kafka; stateful classes have versioned
 * binary codecs ({@link io.fabstream.drift.stats.StateCodec}) for Kafka Streams state stores.
 */
package io.fabstream.drift.stats;
