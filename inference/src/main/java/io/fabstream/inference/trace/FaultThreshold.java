package io.fabstream.inference.trace;

import io.fabstream.inference.registry.ModelManifest.Decision;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sets the fault probability from which a trace model calls a run faulty, on out-of-fold
 * predictions: the probabilities each labelled run got from a member that never trained on it. A
 * network trained on a few dozen faults is confident on the faults it saw and timid on new ones, so
 * 0.5 misses faults a fab would rather review; the threshold drops until it flags every out-of-fold
 * fault, but never so low that more than {@link #NORMAL_QUANTILE}'s complement of the normal runs
 * would be flagged, and never above 0.5.
 */
public final class FaultThreshold {

  /** At most this share of out-of-fold normal runs lies above the threshold (up to ties). */
  public static final double NORMAL_QUANTILE = 0.99;

  /** The lowest threshold ever set, so a degenerate fit cannot flag every run. */
  static final double FLOOR = 1e-3;

  private FaultThreshold() {}

  /**
   * @param faultProbability out-of-fold p(fault) of each run
   * @param labels 1 for a faulty run, 0 for a normal one
   */
  public static Decision fromOutOfFold(double[] faultProbability, int[] labels) {
    if (faultProbability.length != labels.length || labels.length == 0) {
      throw new IllegalArgumentException(
          "need one label per probability and at least one run, got "
              + faultProbability.length
              + " probabilities and "
              + labels.length
              + " labels");
    }
    double[] faults = select(faultProbability, labels, 1);
    double[] normals = select(faultProbability, labels, 0);
    if (faults.length == 0 || normals.length == 0) {
      throw new IllegalArgumentException(
          "a fault threshold needs faulty and normal runs, got "
              + faults.length
              + " faulty and "
              + normals.length
              + " normal");
    }
    double lowestFault = Arrays.stream(faults).min().orElseThrow();
    Arrays.sort(normals);
    double normalQuantile =
        normals[(int) Math.max(0, Math.ceil(NORMAL_QUANTILE * normals.length) - 1)];
    double threshold =
        Math.min(0.5, Math.max(FLOOR, Math.max(Math.min(0.5, lowestFault), normalQuantile)));
    long flaggedFaults = Arrays.stream(faults).filter(p -> p >= threshold).count();
    long flaggedNormals = Arrays.stream(normals).filter(p -> p >= threshold).count();
    return new Decision(
        "fault",
        threshold,
        String.format(
            Locale.ROOT,
            "out-of-fold p(fault) of %d runs: the lowest that flags every fault (%.4f), raised to"
                + " the p%.0f of normal runs (%.4f), at most 0.5; flags %d of %d faults and %d of"
                + " %d normal runs out of fold",
            labels.length,
            lowestFault,
            NORMAL_QUANTILE * 100,
            normalQuantile,
            flaggedFaults,
            faults.length,
            flaggedNormals,
            normals.length));
  }

  private static double[] select(double[] values, int[] labels, int label) {
    return java.util.stream.IntStream.range(0, values.length)
        .filter(i -> labels[i] == label)
        .mapToDouble(i -> values[i])
        .toArray();
  }
}
