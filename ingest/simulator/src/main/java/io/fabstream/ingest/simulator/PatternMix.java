package io.fabstream.ingest.simulator;

import io.fabstream.schemas.DefectPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws a wafer's defect pattern with the configured relative weights, so the share of each class
 * in a long run converges to the configured mix.
 */
public final class PatternMix {

  private final List<DefectPattern> patterns = new ArrayList<>();
  private final double[] cumulative;

  /** A mix with these weights (normalised here). */
  public PatternMix(Map<DefectPattern, Double> weights) {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!(total > 0)) {
      throw new IllegalArgumentException("pattern weights must sum to more than 0");
    }
    cumulative = new double[weights.size()];
    double running = 0;
    for (Map.Entry<DefectPattern, Double> e : weights.entrySet()) {
      running += e.getValue() / total;
      cumulative[patterns.size()] = running;
      patterns.add(e.getKey());
    }
  }

  /** One pattern. */
  public DefectPattern draw(RandomGenerator rng) {
    double u = rng.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return patterns.get(i);
      }
    }
    return patterns.get(patterns.size() - 1);
  }
}
