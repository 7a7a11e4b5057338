package io.fabstream.drift.data;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One part (inputs or outputs) of a model version's saved drift reference, ready to fit.
 *
 * @param version the model version it was published with
 * @param rows the sampled observations
 * @param categorical features whose values are category codes
 */
record SavedSample(int version, List<Map<String, Double>> rows, Set<String> categorical) {}
