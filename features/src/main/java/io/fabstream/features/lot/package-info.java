/**
 * Lot tracking: a Flink job that follows each lot from its START through the route steps it moves
 * into until its END (or until it goes quiet for the lot TTL), and then emits lot-level and lot x
 * step features (die yield, fail density, sensor summaries, time between steps) to {@code
 * fab.lot-features}. Inputs are applied in event-time order, so a sensor window or wafer map is
 * attributed to the step the lot was in when it was measured, whatever order Kafka delivered it in.
 */
package io.fabstream.features.lot;
