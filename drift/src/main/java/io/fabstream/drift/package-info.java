/**
 * The drift stage: joins predictions with late ground truth, measures model and data drift, alerts
 * engineers and requests retraining. The pure-Java statistics it rests on are in {@link
 * io.fabstream.drift.stats} (histograms, PSI, Kolmogorov-Smirnov, Wilson intervals, confusion
 * matrices, the performance check), {@link io.fabstream.drift.spc} (Western Electric rules,
 * p-chart) and {@link io.fabstream.drift.estimate} (calibration, confidence-based performance
 * estimation); the Kafka Streams apps that keep them in state stores come next.
 */
package io.fabstream.drift;
