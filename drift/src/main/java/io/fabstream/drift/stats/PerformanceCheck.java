package io.fabstream.drift.stats;

import java.util.Locale;

/**
 * Decides whether a measured proportion (accuracy, or the recall of one class: {@code k} of {@code
 * n} labelled predictions) has dropped below the model card's baseline with enough evidence to act
 * on.
 *
 * <p>Labels arrive late and in small numbers, and a retraining request or a page to an engineer is
 * expensive; a point estimate below the baseline is not enough. The check declares drift only when
 * there are at least {@code minCount} labelled predictions <b>and</b> even the optimistic end of
 * the Wilson interval is below the baseline less a tolerance: {@code drifted iff n >= minCount and
 * upper < baseline - tolerance}. So a drop has to be both material (the tolerance) and
 * statistically clear (the interval) before the closed loop reacts.
 */
public final class PerformanceCheck {

  /**
   * Settings of the check.
   *
   * @param minCount the fewest labelled predictions before any decision, {@code >= 1}
   * @param confidence the two-sided confidence level of the Wilson interval, in (0, 1)
   * @param tolerance how far below the baseline the interval must lie, in [0, 1)
   */
  public record Config(long minCount, double confidence, double tolerance) {

    /** Default minimum count: 50 labelled predictions. */
    public static final long DEFAULT_MIN_COUNT = 50;

    /** Default confidence: 0.95. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /** Default tolerance: 0.02 (two points of accuracy or recall). */
    public static final double DEFAULT_TOLERANCE = 0.02;

    /** Validates the settings. */
    public Config {
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
      }
      if (!(confidence > 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
      }
      if (!(tolerance >= 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
      }
    }

    /**
     * The defaults: minCount 50, confidence 0.95, tolerance 0.02.
     *
     * @return the default settings
     */
    public static Config defaults() {
      return new Config(DEFAULT_MIN_COUNT, DEFAULT_CONFIDENCE, DEFAULT_TOLERANCE);
    }
  }

  /**
   * The outcome of one check.
   *
   * @param successes {@code k}
   * @param n the number of labelled predictions
   * @param value {@code k / n}, NaN when {@code n = 0}
   * @param lower the Wilson lower bound
   * @param upper the Wilson upper bound
   * @param baseline the baseline from the model card
   * @param threshold {@code baseline - tolerance}
   * @param evaluated whether {@code n} reached the minimum, so that a decision was made
   * @param drifted whether drift was declared (never when not evaluated)
   * @param reason why: for example "n=12 below minimum 50", or how the upper bound compares with
   *     the threshold
   */
  public record Result(
      long successes,
      long n,
      double value,
      double lower,
      double upper,
      double baseline,
      double threshold,
      boolean evaluated,
      boolean drifted,
      String reason) {

    /** Validates the fields. */
    public Result {
      if (drifted && !evaluated) {
        throw new IllegalArgumentException("a check that was not evaluated cannot have drifted");
      }
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("reason must not be blank");
      }
    }
  }

  private final Config config;
  private final double z;

  /**
   * A check with the given settings.
   *
   * @param config the settings
   */
  public PerformanceCheck(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    this.z = WilsonInterval.zForConfidence(config.confidence());
  }

  /**
   * The settings.
   *
   * @return the settings
   */
  public Config config() {
    return config;
  }

  /**
   * Checks {@code k} of {@code n} against a baseline.
   *
   * @param successes {@code k}, {@code 0 <= k <= n}
   * @param n the number of labelled predictions, {@code >= 0}
   * @param baseline the expected proportion from the model card, in [0, 1]
   * @return the result
   */
  public Result evaluate(long successes, long n, double baseline) {
    if (!(baseline >= 0 && baseline <= 1)) {
      throw new IllegalArgumentException("baseline must be in [0, 1], got " + baseline);
    }
    WilsonInterval interval = WilsonInterval.of(successes, n, z);
    double threshold = baseline - config.tolerance();
    if (n < config.minCount()) {
      return new Result(
          successes,
          n,
          interval.estimate(),
          interval.lower(),
          interval.upper(),
          baseline,
          threshold,
          false,
          false,
          "n=" + n + " below minimum " + config.minCount());
    }
    boolean drifted = interval.upper() < threshold;
    String reason =
        String.format(
            Locale.ROOT,
            "upper bound %.4f %s threshold %.4f (baseline %.4f - tolerance %.4f)",
            interval.upper(),
            drifted ? "below" : "not below",
            threshold,
            baseline,
            config.tolerance());
    return new Result(
        successes,
        n,
        interval.estimate(),
        interval.lower(),
        interval.upper(),
        baseline,
        threshold,
        true,
        drifted,
        reason);
  }
}
