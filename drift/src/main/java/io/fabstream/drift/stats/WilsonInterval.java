package io.fabstream.drift.stats;

/**
 * The Wilson score interval for a proportion: {@code successes} out of {@code trials} at a normal
 * quantile {@code z}.
 *
 * <p>With delayed ground truth a fab drift monitor often judges accuracy, or the recall of a rare
 * defect class, on a few dozen labelled wafers. The naive interval {@code p +- z sqrt(p (1 - p) /
 * n)} collapses to a point at 0 or n successes and leaves [0, 1] on small samples; the Wilson
 * interval stays inside [0, 1], is never empty and keeps close to its nominal coverage down to
 * small {@code n}, which is what a "has it really dropped?" decision ({@link PerformanceCheck})
 * needs.
 *
 * <p>With {@code p = k / n}: centre {@code (p + z^2 / (2n)) / (1 + z^2 / n)}, half-width {@code z
 * sqrt(p (1 - p) / n + z^2 / (4 n^2)) / (1 + z^2 / n)}. With no trials nothing is known: the
 * interval is [0, 1] and the {@link #estimate()} is NaN.
 *
 * @param successes the number of successes {@code k}, {@code 0 <= k <= n}
 * @param trials the number of trials {@code n}, {@code >= 0}
 * @param z the normal quantile, finite and {@code > 0} (1.96 for 95%)
 * @param lower the lower bound, in [0, 1]
 * @param upper the upper bound, in [lower, 1]
 */
public record WilsonInterval(long successes, long trials, double z, double lower, double upper) {

  /** Validates the fields. */
  public WilsonInterval {
    requireCounts(successes, trials);
    requireZ(z);
    if (!(lower >= 0 && lower <= upper && upper <= 1)) {
      throw new IllegalArgumentException(
          "bounds must satisfy 0 <= lower <= upper <= 1, got [" + lower + ", " + upper + "]");
    }
  }

  /**
   * The interval for {@code k} of {@code n} at a normal quantile.
   *
   * @param successes {@code k}, {@code 0 <= k <= n}
   * @param trials {@code n}, {@code >= 0}
   * @param z the normal quantile, finite and {@code > 0}
   * @return the interval
   */
  public static WilsonInterval of(long successes, long trials, double z) {
    requireCounts(successes, trials);
    requireZ(z);
    if (trials == 0) {
      return new WilsonInterval(0, 0, z, 0.0, 1.0);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    double lower = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
    double upper = successes == trials ? 1.0 : Math.min(1.0, centre + half);
    return new WilsonInterval(successes, trials, z, lower, Math.max(lower, upper));
  }

  /**
   * The two-sided interval at a confidence level, with {@code z} the standard normal quantile at
   * {@code (1 + confidence) / 2} (1.959964 for 0.95).
   *
   * @param successes {@code k}, {@code 0 <= k <= n}
   * @param trials {@code n}, {@code >= 0}
   * @param confidence the confidence level, in (0, 1)
   * @return the interval
   */
  public static WilsonInterval atConfidence(long successes, long trials, double confidence) {
    return of(successes, trials, zForConfidence(confidence));
  }

  /**
   * The two-sided normal quantile for a confidence level: {@code z} with {@code P(|Z| <= z) =
   * confidence}.
   *
   * @param confidence the confidence level, in (0, 1)
   * @return {@code z > 0}
   */
  public static double zForConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    return StandardNormal.quantile(0.5 + confidence / 2);
  }

  /**
   * The point estimate {@code k / n}.
   *
   * @return {@code k / n}, or NaN when there were no trials
   */
  public double estimate() {
    return trials == 0 ? Double.NaN : (double) successes / trials;
  }

  /**
   * Whether a proportion lies in the interval (bounds included).
   *
   * @param p the proportion
   * @return {@code lower <= p <= upper}
   */
  public boolean contains(double p) {
    return lower <= p && p <= upper;
  }

  private static void requireCounts(long successes, long trials) {
    if (trials < 0) {
      throw new IllegalArgumentException("trials must be >= 0, got " + trials);
    }
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "successes must be in [0, trials=" + trials + "], got " + successes);
    }
  }

  private static void requireZ(double z) {
    if (!(z > 0) || !Double.isFinite(z)) {
      throw new IllegalArgumentException("z must be finite and > 0, got " + z);
    }
  }
}
