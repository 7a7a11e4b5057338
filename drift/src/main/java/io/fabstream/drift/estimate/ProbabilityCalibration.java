package io.fabstream.drift.estimate;

import io.fabstream.drift.stats.StateCodec;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Maps a model's top-class confidence to the probability that the prediction is correct, fitted on
 * reference pairs (confidence, correct?) by isotonic regression.
 *
 * <p>Ground truth in a fab arrives hours or days after a prediction (review of a wafer map,
 * electrical test, maintenance findings), but the drift monitor has to say now whether the model
 * still performs. {@link ConfidenceBasedEstimate} does that from the confidences alone, which is
 * only valid if a confidence of 0.8 really means "right 8 times in 10". Neural networks are often
 * overconfident, so the confidences are first calibrated on a labelled reference set. Isotonic
 * regression assumes nothing but that higher confidence is never less likely to be right, which is
 * the one property a calibration has to keep.
 *
 * <p>Fitting sorts the pairs by confidence, pools equal confidences (so the fit does not depend on
 * input order), and runs the pool-adjacent-violators algorithm: adjacent blocks whose means
 * decrease are merged into their weighted mean until the means increase strictly. The result is a
 * step function stored as knots {@code (t_j, v_j)} with strictly increasing {@code t} (and, from a
 * fit, strictly increasing {@code v}): {@code t_j} is the lowest reference confidence of block
 * {@code j}, {@code v_j} its share of correct predictions. {@link #apply(double)} returns {@code
 * v_j} for the last knot with {@code t_j <= confidence}, and {@code v_0} below the first knot, so
 * it is monotone non-decreasing, flat outside the reference range and always in [0, 1]. The number
 * of knots is at most the number of distinct reference confidences and is capped at {@link
 * #MAX_KNOTS}; instances are immutable.
 */
public final class ProbabilityCalibration {

  /** The most knots a calibration may have, which bounds its stored size (16 bytes a knot). */
  public static final int MAX_KNOTS = 10_000;

  private static final int FORMAT_VERSION = 1;
  private static final byte KIND_IDENTITY = 0;
  private static final byte KIND_ISOTONIC = 1;
  private static final ProbabilityCalibration IDENTITY = new ProbabilityCalibration(null, null);

  private final double[] thresholds; // null for the identity
  private final double[] levels;

  private ProbabilityCalibration(double[] thresholds, double[] levels) {
    this.thresholds = thresholds;
    this.levels = levels;
  }

  /**
   * The calibration that trusts the model: {@code apply(c) = c} clamped to [0, 1].
   *
   * @return the identity calibration
   */
  public static ProbabilityCalibration identity() {
    return IDENTITY;
  }

  /**
   * A step function from its knots.
   *
   * @param thresholds the knot confidences, finite and strictly increasing, 1 to {@link #MAX_KNOTS}
   * @param levels the calibrated probabilities, in [0, 1] and non-decreasing, same length
   * @return the calibration
   */
  public static ProbabilityCalibration ofKnots(double[] thresholds, double[] levels) {
    if (thresholds == null || levels == null) {
      throw new IllegalArgumentException("thresholds and levels must not be null");
    }
    if (thresholds.length != levels.length) {
      throw new IllegalArgumentException(
          "thresholds and levels differ in length: " + thresholds.length + " and " + levels.length);
    }
    if (thresholds.length < 1 || thresholds.length > MAX_KNOTS) {
      throw new IllegalArgumentException(
          "need 1 to " + MAX_KNOTS + " knots, got " + thresholds.length);
    }
    double[] t = thresholds.clone();
    double[] v = levels.clone();
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i])) {
        throw new IllegalArgumentException("threshold " + i + " is not finite: " + t[i]);
      }
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new IllegalArgumentException("level " + i + " is not in [0, 1]: " + v[i]);
      }
      if (i > 0 && !(t[i] > t[i - 1])) {
        throw new IllegalArgumentException(
            "thresholds must be strictly increasing, but threshold "
                + i
                + " = "
                + t[i]
                + " is not above "
                + t[i - 1]);
      }
      if (i > 0 && v[i] < v[i - 1]) {
        throw new IllegalArgumentException(
            "levels must be non-decreasing, but level "
                + i
                + " = "
                + v[i]
                + " is below "
                + v[i - 1]);
      }
    }
    return new ProbabilityCalibration(t, v);
  }

  /**
   * Fits the calibration on labelled reference predictions.
   *
   * @param confidences the top-class confidences, finite (normally in [0, 1]), at least one
   * @param correct whether each prediction was correct, same length
   * @return the calibration
   * @throws IllegalArgumentException on invalid input, or if the fit needs more than {@link
   *     #MAX_KNOTS} knots (round the confidences, for example to 1e-4, before fitting)
   */
  public static ProbabilityCalibration fit(double[] confidences, boolean[] correct) {
    if (confidences == null || correct == null) {
      throw new IllegalArgumentException("confidences and outcomes must not be null");
    }
    if (confidences.length != correct.length) {
      throw new IllegalArgumentException(
          "confidences and outcomes differ in length: "
              + confidences.length
              + " and "
              + correct.length);
    }
    if (confidences.length == 0) {
      throw new IllegalArgumentException("at least one reference pair is required");
    }
    int n = confidences.length;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(confidences[i])) {
        throw new IllegalArgumentException("confidence " + i + " is not finite: " + confidences[i]);
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> confidences[i]));

    // Pool equal confidences into one weighted point each.
    double[] x = new double[n];
    double[] sum = new double[n];
    double[] weight = new double[n];
    int m = 0;
    for (int r = 0; r < n; r++) {
      int i = order[r];
      double c = confidences[i] + 0.0;
      if (m == 0 || c != x[m - 1]) {
        x[m] = c;
        m++;
      }
      sum[m - 1] += correct[i] ? 1 : 0;
      weight[m - 1] += 1;
    }
    double[] y = new double[m];
    for (int j = 0; j < m; j++) {
      y[j] = sum[j] / weight[j];
    }
    double[] fitted = pav(y, Arrays.copyOf(weight, m));

    // One knot per block (the block's lowest confidence); pav merges equal means, so levels rise.
    int blocks = 0;
    double[] t = new double[m];
    double[] v = new double[m];
    for (int j = 0; j < m; j++) {
      if (j == 0 || fitted[j] != fitted[j - 1]) {
        t[blocks] = x[j];
        v[blocks] = fitted[j];
        blocks++;
      }
    }
    if (blocks > MAX_KNOTS) {
      throw new IllegalArgumentException(
          "the fit needs "
              + blocks
              + " knots, more than the maximum "
              + MAX_KNOTS
              + "; round the confidences (for example to 1e-4) before fitting");
    }
    return ofKnots(Arrays.copyOf(t, blocks), Arrays.copyOf(v, blocks));
  }

  /**
   * Pool-adjacent-violators: the non-decreasing sequence closest to {@code y} in weighted least
   * squares. Adjacent blocks are merged while the earlier block's mean is not below the later
   * one's, so the fitted block means increase strictly.
   *
   * @param y the values in order
   * @param w the positive weights, same length
   * @return the fitted values, one per position
   */
  static double[] pav(double[] y, double[] w) {
    if (y.length != w.length) {
      throw new IllegalArgumentException(
          "values and weights differ in length: " + y.length + " and " + w.length);
    }
    int n = y.length;
    double[] mean = new double[n];
    double[] weight = new double[n];
    int[] start = new int[n];
    int top = -1;
    for (int i = 0; i < n; i++) {
      top++;
      mean[top] = y[i];
      weight[top] = w[i];
      start[top] = i;
      while (top > 0 && mean[top - 1] >= mean[top]) {
        double merged = weight[top - 1] + weight[top];
        mean[top - 1] = (mean[top - 1] * weight[top - 1] + mean[top] * weight[top]) / merged;
        weight[top - 1] = merged;
        top--;
      }
    }
    double[] fitted = new double[n];
    for (int b = 0; b <= top; b++) {
      int end = b < top ? start[b + 1] : n;
      for (int i = start[b]; i < end; i++) {
        fitted[i] = mean[b];
      }
    }
    return fitted;
  }

  /**
   * The calibrated probability that a prediction with this confidence is correct.
   *
   * @param confidence the model's top-class confidence, not NaN
   * @return the probability, in [0, 1]; monotone non-decreasing in the confidence
   */
  public double apply(double confidence) {
    if (Double.isNaN(confidence)) {
      throw new IllegalArgumentException("confidence must not be NaN");
    }
    if (thresholds == null) {
      return Math.min(1.0, Math.max(0.0, confidence));
    }
    // Last knot with threshold <= confidence; the first knot's level below the range.
    int lo = 0;
    int hi = thresholds.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (confidence < thresholds[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return levels[Math.max(0, lo - 1)];
  }

  /**
   * The number of steps of the fitted function.
   *
   * @return 0 for {@link #identity()}
   */
  public int knots() {
    return thresholds == null ? 0 : thresholds.length;
  }

  /**
   * Whether this is the identity calibration.
   *
   * @return true for {@link #identity()}
   */
  public boolean isIdentity() {
    return thresholds == null;
  }

  /**
   * The knot confidences.
   *
   * @return a copy; empty for the identity
   */
  public double[] thresholds() {
    return thresholds == null ? new double[0] : thresholds.clone();
  }

  /**
   * The knot levels.
   *
   * @return a copy; empty for the identity
   */
  public double[] levels() {
    return levels == null ? new double[0] : levels.clone();
  }

  /**
   * The versioned binary form: the kind (identity or step function) and the knots.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    return StateCodec.encode(
        FORMAT_VERSION,
        out -> {
          if (thresholds == null) {
            out.writeByte(KIND_IDENTITY);
            return;
          }
          out.writeByte(KIND_ISOTONIC);
          out.writeInt(thresholds.length);
          for (int i = 0; i < thresholds.length; i++) {
            out.writeDouble(thresholds[i]);
            out.writeDouble(levels[i]);
          }
        });
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @param bytes the bytes
   * @return the calibration
   * @throws IllegalArgumentException if the bytes are invalid
   */
  public static ProbabilityCalibration fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "ProbabilityCalibration",
        FORMAT_VERSION,
        (in, version) -> {
          byte kind = in.readByte();
          if (kind == KIND_IDENTITY) {
            return IDENTITY;
          }
          if (kind != KIND_ISOTONIC) {
            throw new IllegalArgumentException("unknown calibration kind " + kind);
          }
          int n = StateCodec.readBoundedInt(in, "knot count", 1, MAX_KNOTS);
          double[] t = new double[n];
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            t[i] = in.readDouble();
            v[i] = in.readDouble();
          }
          return ofKnots(t, v);
        });
  }

  /** Equal if both are the identity or both have the same knots. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ProbabilityCalibration other
        && Arrays.equals(thresholds, other.thresholds)
        && Arrays.equals(levels, other.levels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(thresholds) + Arrays.hashCode(levels);
  }

  @Override
  public String toString() {
    return thresholds == null
        ? "ProbabilityCalibration{identity}"
        : "ProbabilityCalibration{thresholds="
            + Arrays.toString(thresholds)
            + ", levels="
            + Arrays.toString(levels)
            + "}";
  }
}
