/**
 * Statistical process control for drift signals: the Western Electric rules and a p-chart for the
 * anomaly rate per time bucket.
 */
package io.fabstream.drift.spc;
