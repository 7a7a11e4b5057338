package io.fabstream.drift.stats;

/**
 * The population stability index (PSI) between a reference distribution and a current one: {@code
 * PSI = sum_i (c_i - r_i) ln(c_i / r_i)} over the bins, on smoothed shares {@code r_i} (reference)
 * and {@code c_i} (current).
 *
 * <p>A fab drift monitor needs one number per feature and per window that says how far the live
 * data has moved from what the model was trained on, comparable across features with different
 * units; PSI is the one process and credit-risk engineers already read. It is the symmetrised
 * Kullback-Leibler divergence of the two binned distributions, is zero for identical shares and
 * grows with any shift in mass, and it works equally for a binned continuous feature ({@link
 * #of(FixedBinHistogram, FixedBinHistogram, double)}) and a categorical one such as the class mix
 * of the predictions ({@link #of(long[], long[], double)}).
 *
 * <p>The usual reading, a convention from practice rather than a statistical law (PSI depends on
 * the binning and, on small windows, on sampling noise): below 0.1 stable, 0.1 to 0.25 a moderate
 * shift worth watching, above 0.25 a significant shift. Thresholds should be set per feature and
 * window size.
 *
 * <p>Shares are smoothed as in {@link FixedBinHistogram#fractions(double)}, {@code (n_i / N +
 * epsilon) / (1 + B epsilon)}, so that a bin empty on one side gives a large but finite term.
 */
public final class PopulationStabilityIndex {

  /** A smoothing that keeps empty bins finite without visibly moving populated ones. */
  public static final double DEFAULT_EPSILON = 1e-4;

  private PopulationStabilityIndex() {}

  /**
   * PSI between two histograms on the same edges.
   *
   * @param reference the reference histogram, not empty
   * @param current the current histogram, not empty
   * @param epsilon the smoothing, finite and {@code > 0}
   * @return the PSI, {@code >= 0}
   * @throws IllegalArgumentException if the edges differ, a histogram is empty or epsilon is
   *     invalid
   */
  public static double of(FixedBinHistogram reference, FixedBinHistogram current, double epsilon) {
    FixedBinHistogram.requireSameEdges(reference, current);
    return of(reference.counts(), current.counts(), epsilon);
  }

  /**
   * PSI between two categorical count vectors with the same categories in the same order (for
   * example the predicted class mix of the reference and of the current window).
   *
   * @param refCounts the reference counts, non-negative, not all zero
   * @param curCounts the current counts, same length, non-negative, not all zero
   * @param epsilon the smoothing, finite and {@code > 0}
   * @return the PSI, {@code >= 0}
   * @throws IllegalArgumentException if the arrays are null, empty, of different lengths, contain
   *     negative counts or sum to zero, or epsilon is invalid
   */
  public static double of(long[] refCounts, long[] curCounts, double epsilon) {
    if (refCounts == null || curCounts == null) {
      throw new IllegalArgumentException("count arrays must not be null");
    }
    if (refCounts.length != curCounts.length) {
      throw new IllegalArgumentException(
          "count arrays differ in length: reference "
              + refCounts.length
              + ", current "
              + curCounts.length);
    }
    if (refCounts.length == 0) {
      throw new IllegalArgumentException("count arrays must not be empty");
    }
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
    }
    double[] r = shares(refCounts, epsilon, "reference");
    double[] c = shares(curCounts, epsilon, "current");
    double psi = 0;
    for (int i = 0; i < r.length; i++) {
      psi += (c[i] - r[i]) * Math.log(c[i] / r[i]);
    }
    return psi;
  }

  private static double[] shares(long[] counts, double epsilon, String what) {
    try {
      return FixedBinHistogram.smoothedShares(counts, epsilon, what);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("PSI needs data on both sides: " + e.getMessage(), e);
    }
  }
}
