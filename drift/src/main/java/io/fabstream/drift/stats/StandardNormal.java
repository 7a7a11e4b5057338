package io.fabstream.drift.stats;

/**
 * The standard normal distribution function and its inverse, which turn a confidence level into the
 * {@code z} of a {@link WilsonInterval}; the JDK has neither.
 */
final class StandardNormal {

  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

  private StandardNormal() {}

  /** The density {@code exp(-x^2 / 2) / sqrt(2 pi)}. */
  static double density(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /**
   * {@code P(Z <= x)} from the everywhere-convergent series with positive terms {@code 1/2 + phi(x)
   * (x + x^3 / 3 + x^5 / (3 5) + x^7 / (3 5 7) + ...)} (Marsaglia 2004), accurate to a few units in
   * the last place for {@code |x| <= 8}; 0 or 1 beyond.
   */
  static double cdf(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("x must not be NaN");
    }
    if (x < -8) {
      return 0.0;
    }
    if (x > 8) {
      return 1.0;
    }
    double term = x;
    double sum = x;
    double x2 = x * x;
    for (int i = 3; i < 1000; i += 2) {
      term *= x2 / i;
      double next = sum + term;
      if (next == sum) {
        break;
      }
      sum = next;
    }
    return Math.min(1.0, Math.max(0.0, 0.5 + density(x) * sum));
  }

  /**
   * The quantile {@code z} with {@code P(Z <= z) = p}, by Newton's method on {@link #cdf}: the
   * function is concave above 0 and convex below, so the iterates from 0 move monotonically to the
   * root.
   *
   * @param p the probability, in (0, 1)
   * @return the quantile
   */
  static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1), got " + p);
    }
    if (p < 0.5) {
      return -quantile(1 - p);
    }
    double z = 0;
    for (int i = 0; i < 200; i++) {
      double step = (cdf(z) - p) / density(z);
      z -= step;
      if (Math.abs(step) <= 1e-15 * Math.max(1.0, Math.abs(z))) {
        break;
      }
    }
    return z;
  }
}
