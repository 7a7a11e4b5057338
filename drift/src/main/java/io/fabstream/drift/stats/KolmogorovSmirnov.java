package io.fabstream.drift.stats;

/**
 * The two-sample Kolmogorov-Smirnov test on binned data: the statistic {@code D = max |F_ref -
 * F_cur|} over the shared bin edges, its asymptotic p-value and critical value.
 *
 * <p>Where {@link PopulationStabilityIndex} says how much a feature moved, a drift monitor also
 * needs to know whether the move is more than sampling noise for the window size at hand, so that a
 * small window does not page an engineer. KS gives that with a p-value that accounts for both
 * sample sizes and needs no assumption on the shape of the distribution.
 *
 * <p>The streaming monitor only has histograms, so the distribution functions are compared at the
 * edges only (as the share of values strictly below each edge, {@link
 * FixedBinHistogram#cdfAtEdges()}). On binned data this is a lower bound of the exact D of the raw
 * samples, since the exact supremum is also taken between the edges; the p-value is then an upper
 * bound, and the test is conservative. The finer the edges, the closer to the exact D, which is why
 * KS edges should be fine (quantile edges with many bins).
 */
public final class KolmogorovSmirnov {

  private KolmogorovSmirnov() {}

  /**
   * The outcome of a test.
   *
   * @param d the statistic, in [0, 1]
   * @param pValue the asymptotic p-value, in [0, 1]
   * @param n the reference sample size
   * @param m the current sample size
   */
  public record Result(double d, double pValue, long n, long m) {

    /** Validates the fields. */
    public Result {
      if (!(d >= 0 && d <= 1)) {
        throw new IllegalArgumentException("D must be in [0, 1], got " + d);
      }
      if (!(pValue >= 0 && pValue <= 1)) {
        throw new IllegalArgumentException("p-value must be in [0, 1], got " + pValue);
      }
      requireSizes(n, m);
    }

    /**
     * Whether the distributions differ at a significance level.
     *
     * @param alpha the significance level, in (0, 1)
     * @return {@code pValue < alpha}
     */
    public boolean significantAt(double alpha) {
      requireAlpha(alpha);
      return pValue < alpha;
    }
  }

  /**
   * Tests two histograms on the same edges; {@code n} and {@code m} are their totals (NaN values
   * are not part of either sample).
   *
   * @param reference the reference histogram, not empty
   * @param current the current histogram, not empty
   * @return the statistic, p-value and sample sizes
   */
  public static Result test(FixedBinHistogram reference, FixedBinHistogram current) {
    double d = statistic(reference, current);
    return new Result(
        d, pValue(d, reference.total(), current.total()), reference.total(), current.total());
  }

  /**
   * The statistic {@code D = max_j |F_ref(e_j) - F_cur(e_j)|} over the edges.
   *
   * @param reference the reference histogram, not empty
   * @param current the current histogram on the same edges, not empty
   * @return D in [0, 1]
   */
  public static double statistic(FixedBinHistogram reference, FixedBinHistogram current) {
    FixedBinHistogram.requireSameEdges(reference, current);
    if (reference.total() == 0 || current.total() == 0) {
      throw new IllegalArgumentException(
          "KS needs data on both sides, got reference total "
              + reference.total()
              + " and current total "
              + current.total());
    }
    double[] f = reference.cdfAtEdges();
    double[] g = current.cdfAtEdges();
    double d = 0;
    for (int j = 0; j < f.length; j++) {
      d = Math.max(d, Math.abs(f[j] - g[j]));
    }
    return d;
  }

  /**
   * The asymptotic p-value {@code Q(lambda)} with {@code lambda = (sqrt(ne) + 0.12 + 0.11 /
   * sqrt(ne)) D} and {@code ne = n m / (n + m)}, where {@code Q(lambda) = 2 sum_{j >= 1} (-1)^(j-1)
   * exp(-2 j^2 lambda^2)} is the Kolmogorov distribution's upper tail.
   *
   * @param d the statistic, in [0, 1]
   * @param n the reference sample size, {@code >= 1}
   * @param m the current sample size, {@code >= 1}
   * @return the p-value, in [0, 1]
   */
  public static double pValue(double d, long n, long m) {
    if (!(d >= 0 && d <= 1)) {
      throw new IllegalArgumentException("D must be in [0, 1], got " + d);
    }
    requireSizes(n, m);
    double ne = (double) n * m / ((double) n + m);
    double sqrtNe = Math.sqrt(ne);
    return kolmogorovQ((sqrtNe + 0.12 + 0.11 / sqrtNe) * d);
  }

  /**
   * The Kolmogorov distribution's upper tail {@code Q(lambda) = P(K > lambda) = 2 sum_{j >= 1}
   * (-1)^(j-1) exp(-2 j^2 lambda^2)}.
   *
   * <p>That alternating series converges fast for large lambda but slowly, and with cancellation,
   * near 0; below {@code lambda = 1} the same function is evaluated through the equivalent (Jacobi
   * theta) form of the distribution function, {@code P(K <= lambda) = sqrt(2 pi) / lambda sum_{j >=
   * 1} exp(-(2j - 1)^2 pi^2 / (8 lambda^2))}, which converges fast there.
   *
   * @param lambda the argument, {@code >= 0}
   * @return {@code Q(lambda)} in [0, 1]; 1 at 0
   */
  public static double kolmogorovQ(double lambda) {
    if (!(lambda >= 0)) {
      throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
    }
    if (lambda == 0) {
      return 1.0;
    }
    double q;
    if (lambda < 1.0) {
      double a = -Math.PI * Math.PI / (8 * lambda * lambda);
      double sum = 0;
      for (int j = 1; j <= 100; j++) {
        int odd = 2 * j - 1;
        double term = Math.exp(a * odd * odd);
        sum += term;
        if (term <= 1e-17 * sum) {
          break;
        }
      }
      q = 1.0 - Math.sqrt(2 * Math.PI) / lambda * sum;
    } else {
      double a = -2 * lambda * lambda;
      double sum = 0;
      for (int j = 1; j <= 100; j++) {
        double term = Math.exp(a * j * j);
        sum += (j % 2 == 1) ? term : -term;
        if (term <= 1e-17 * sum) {
          break;
        }
      }
      q = 2 * sum;
    }
    return Math.min(1.0, Math.max(0.0, q));
  }

  /**
   * The asymptotic critical value of D at a significance level: {@code sqrt(-ln(alpha / 2) / 2)
   * sqrt((n + m) / (n m))}. D above it rejects equal distributions at that level.
   *
   * @param alpha the significance level, in (0, 1)
   * @param n the reference sample size, {@code >= 1}
   * @param m the current sample size, {@code >= 1}
   * @return the critical value
   */
  public static double criticalValue(double alpha, long n, long m) {
    requireAlpha(alpha);
    requireSizes(n, m);
    return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt(((double) n + m) / ((double) n * m));
  }

  private static void requireAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
  }

  private static void requireSizes(long n, long m) {
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException("sample sizes must be >= 1, got n=" + n + ", m=" + m);
    }
  }
}
