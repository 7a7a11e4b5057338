/**
 * Data drift: whether what the models see has moved away from what they were trained on, before any
 * label says so. A {@link io.fabstream.drift.data.DataDriftReference} holds one fixed-bin histogram
 * per input feature (sensor means per window, die yield, ...); a {@link
 * io.fabstream.drift.data.FeatureWindow} counts the current window on the same bins; {@link
 * io.fabstream.drift.data.DataDriftCheck} compares them with PSI and the two-sample KS test. Memory
 * per tool and chamber is fixed by the bins, whatever the traffic.
 */
package io.fabstream.drift.data;
