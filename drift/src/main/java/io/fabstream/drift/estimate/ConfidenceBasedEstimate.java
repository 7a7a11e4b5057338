package io.fabstream.drift.estimate;

import io.fabstream.drift.stats.StateCodec;

/**
 * Confidence-based performance estimation (CBPE, as NannyML does in batch), kept incrementally: the
 * expected accuracy of a window of unlabelled predictions is the mean of their calibrated
 * confidences.
 *
 * <p>In a fab the label of a wafer or a chamber run comes hours to days after the prediction, and
 * some never come. CBPE lets the drift monitor show an accuracy estimate for the current window
 * straight away, and when the labels do arrive, {@link #compare} tells whether the realised
 * accuracy is consistent with the estimate: a large gap means the calibration no longer holds
 * (concept drift), which the confidences alone cannot reveal. It is only as good as the {@link
 * ProbabilityCalibration} it is fed with, and assumes that the relation between confidence and
 * correctness seen on the reference still holds (no concept drift), which is exactly what {@link
 * #compare} checks later.
 *
 * <p>If each prediction is independently correct with probability {@code p_i}, the accuracy of the
 * window has mean {@code sum p_i / n} and standard error {@code sqrt(sum p_i (1 - p_i)) / n}. The
 * state is three numbers ({@code n}, {@code sum p_i}, {@code sum p_i (1 - p_i)}), whatever the
 * window length; windows merge by adding them. The sums are doubles, so merging in a different
 * order can differ in the last bits.
 *
 * <p>Instances are mutable and not thread-safe.
 */
public final class ConfidenceBasedEstimate {

  private static final int FORMAT_VERSION = 1;

  /**
   * Estimated against realised accuracy.
   *
   * @param expectedAccuracy the estimate, {@code sum p_i / n}
   * @param standardError {@code sqrt(sum p_i (1 - p_i)) / n}
   * @param realisedAccuracy {@code realisedCorrect / realisedN}
   * @param realisedN the number of labelled predictions
   * @param differenceInStandardErrors {@code (realised - expected) / standardError}: negative when
   *     the model does worse than estimated; 0 if both are equal, and +-infinity if they differ
   *     while the standard error is 0 (every calibrated probability 0 or 1)
   */
  public record Comparison(
      double expectedAccuracy,
      double standardError,
      double realisedAccuracy,
      long realisedN,
      double differenceInStandardErrors) {}

  private long n;
  private double sumP;
  private double sumPq;

  /** An empty estimate. */
  public ConfidenceBasedEstimate() {}

  /**
   * Adds one prediction's calibrated probability of being correct.
   *
   * @param calibratedProbability in [0, 1]
   * @return this estimate
   */
  public ConfidenceBasedEstimate add(double calibratedProbability) {
    if (!(calibratedProbability >= 0 && calibratedProbability <= 1)) {
      throw new IllegalArgumentException(
          "calibrated probability must be in [0, 1], got " + calibratedProbability);
    }
    n = Math.addExact(n, 1);
    sumP += calibratedProbability;
    sumPq += calibratedProbability * (1 - calibratedProbability);
    return this;
  }

  /**
   * Adds one prediction by its raw top-class confidence, calibrated first.
   *
   * @param confidence the model's top-class confidence
   * @param calibration the calibration fitted on the reference
   * @return this estimate
   */
  public ConfidenceBasedEstimate add(double confidence, ProbabilityCalibration calibration) {
    if (calibration == null) {
      throw new IllegalArgumentException("calibration must not be null");
    }
    return add(calibration.apply(confidence));
  }

  /**
   * Adds another window's predictions into this one.
   *
   * @param other the other estimate, unchanged
   * @return this estimate
   */
  public ConfidenceBasedEstimate merge(ConfidenceBasedEstimate other) {
    if (other == null) {
      throw new IllegalArgumentException("other estimate must not be null");
    }
    n = Math.addExact(n, other.n);
    sumP += other.sumP;
    sumPq += other.sumPq;
    return this;
  }

  /**
   * The number of predictions.
   *
   * @return {@code n}
   */
  public long count() {
    return n;
  }

  /**
   * The expected accuracy, the mean calibrated probability.
   *
   * @return {@code sum p_i / n}, NaN when empty
   */
  public double expectedAccuracy() {
    return n == 0 ? Double.NaN : sumP / n;
  }

  /**
   * The standard error of the window's accuracy around the estimate.
   *
   * @return {@code sqrt(sum p_i (1 - p_i)) / n}, NaN when empty
   */
  public double standardError() {
    return n == 0 ? Double.NaN : Math.sqrt(Math.max(0.0, sumPq)) / n;
  }

  /**
   * Compares the estimate with the accuracy realised once labels arrived. The standard error is the
   * estimate's, so the comparison is meant for the labelled predictions of this same window; with
   * only part of the window labelled it understates the noise of the realised accuracy.
   *
   * @param realisedCorrect the labelled predictions that were correct, {@code 0 <= correct <= n}
   * @param realisedN the labelled predictions, {@code >= 1}
   * @return the comparison
   * @throws IllegalStateException if the estimate is empty
   */
  public Comparison compare(long realisedCorrect, long realisedN) {
    if (realisedN < 1) {
      throw new IllegalArgumentException("realisedN must be >= 1, got " + realisedN);
    }
    if (realisedCorrect < 0 || realisedCorrect > realisedN) {
      throw new IllegalArgumentException(
          "realisedCorrect must be in [0, realisedN=" + realisedN + "], got " + realisedCorrect);
    }
    if (n == 0) {
      throw new IllegalStateException("cannot compare an empty estimate");
    }
    double expected = expectedAccuracy();
    double se = standardError();
    double realised = (double) realisedCorrect / realisedN;
    double diff = realised - expected;
    double inSe;
    if (se > 0) {
      inSe = diff / se;
    } else if (diff == 0) {
      inSe = 0.0;
    } else {
      inSe = diff > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    return new Comparison(expected, se, realised, realisedN, inSe);
  }

  /**
   * The versioned binary form ({@code n} and the two sums).
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    return StateCodec.encode(
        FORMAT_VERSION,
        out -> {
          out.writeLong(n);
          out.writeDouble(sumP);
          out.writeDouble(sumPq);
        });
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @param bytes the bytes
   * @return the estimate
   * @throws IllegalArgumentException if the bytes are invalid
   */
  public static ConfidenceBasedEstimate fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "ConfidenceBasedEstimate",
        FORMAT_VERSION,
        (in, version) -> {
          long n = in.readLong();
          double sumP = in.readDouble();
          double sumPq = in.readDouble();
          if (n < 0) {
            throw new IllegalArgumentException("negative count " + n);
          }
          // Small tolerance for rounding in the sums.
          double slack = 1e-9 * Math.max(1, n);
          if (!(sumP >= 0 && sumP <= n + slack)) {
            throw new IllegalArgumentException(
                "sum of probabilities " + sumP + " outside [0, n=" + n + "]");
          }
          if (!(sumPq >= 0 && sumPq <= 0.25 * n + slack)) {
            throw new IllegalArgumentException(
                "sum of p(1-p) " + sumPq + " outside [0, n/4=" + 0.25 * n + "]");
          }
          ConfidenceBasedEstimate e = new ConfidenceBasedEstimate();
          e.n = n;
          e.sumP = sumP;
          e.sumPq = sumPq;
          return e;
        });
  }

  /** Equal if the count and both sums are equal (exactly). */
  @Override
  public boolean equals(Object o) {
    return o instanceof ConfidenceBasedEstimate other
        && n == other.n
        && Double.compare(sumP, other.sumP) == 0
        && Double.compare(sumPq, other.sumPq) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(n) + Double.hashCode(sumP)) + Double.hashCode(sumPq);
  }

  @Override
  public String toString() {
    return "ConfidenceBasedEstimate{n=" + n + ", sumP=" + sumP + ", sumPq=" + sumPq + "}";
  }
}
