package io.fabstream.drift.data;

import io.fabstream.schemas.TraceSample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's sensor means per recipe step ({@code "<step>/<sensor>"}): the input summary data drift
 * watches for trace models. Means per step, not per run, because a gauge that reads high only in
 * the main etch step would be diluted by the others.
 */
public final class TraceMeans {

  private TraceMeans() {}

  /** The means of one run's samples; NaN readings are left out of their sensor's mean. */
  public static Map<String, Double> of(List<TraceSample> samples) {
    Map<String, double[]> sums = new TreeMap<>();
    for (TraceSample s : samples) {
      List<String> names = s.getSensorNames();
      List<Double> values = s.getSensorValues();
      for (int i = 0; i < names.size(); i++) {
        double v = values.get(i);
        if (Double.isFinite(v)) {
          double[] acc =
              sums.computeIfAbsent(s.getRecipeStep() + "/" + names.get(i), k -> new double[2]);
          acc[0] += v;
          acc[1]++;
        }
      }
    }
    Map<String, Double> means = new TreeMap<>();
    sums.forEach((k, acc) -> means.put(k, acc[0] / acc[1]));
    return means;
  }
}
