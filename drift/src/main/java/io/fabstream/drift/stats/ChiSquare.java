package io.fabstream.drift.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Pearson's chi-square test of homogeneity for two count vectors over the same categories: does a
 * window's class mix come from the reference's? KS has no meaning on categories (their order is
 * arbitrary), so categorical features are judged with this instead.
 *
 * <p>Categories whose expected count in either sample falls below {@link #MIN_EXPECTED} are pooled
 * into one before the statistic is taken (rare classes such as Near-full would otherwise dominate
 * the statistic with counts of one or two); categories empty in both samples carry no information
 * and are dropped.
 */
public final class ChiSquare {

  /** Smallest expected count a category keeps on its own. */
  public static final double MIN_EXPECTED = 5.0;

  private ChiSquare() {}

  /**
   * The test's outcome.
   *
   * @param statistic Pearson's X^2
   * @param degreesOfFreedom categories after pooling, less one
   * @param pValue probability of an X^2 at least this large under homogeneity (1 with no degrees of
   *     freedom)
   */
  public record Result(double statistic, int degreesOfFreedom, double pValue) {

    /** Whether the samples differ at level {@code alpha}. */
    public boolean significantAt(double alpha) {
      return pValue < alpha;
    }
  }

  /**
   * Tests whether two samples share one distribution over the categories.
   *
   * @param reference counts per category of the reference
   * @param current counts per category of the window, same length
   * @return the outcome
   */
  public static Result homogeneity(long[] reference, long[] current) {
    if (reference.length != current.length) {
      throw new IllegalArgumentException(
          "count vectors differ in length: " + reference.length + " vs " + current.length);
    }
    long n = 0;
    long m = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] < 0 || current[i] < 0) {
        throw new IllegalArgumentException("counts must not be negative (category " + i + ")");
      }
      n += reference[i];
      m += current[i];
    }
    if (n == 0 || m == 0) {
      return new Result(0.0, 0, 1.0);
    }
    double total = n + m;
    // pool the small categories: expected count of category i in the smaller sample
    double smaller = Math.min(n, m);
    List<long[]> cells = new ArrayList<>();
    long pooledRef = 0;
    long pooledCur = 0;
    for (int i = 0; i < reference.length; i++) {
      long both = reference[i] + current[i];
      if (both == 0) {
        continue;
      }
      if (both * smaller / total < MIN_EXPECTED) {
        pooledRef += reference[i];
        pooledCur += current[i];
      } else {
        cells.add(new long[] {reference[i], current[i]});
      }
    }
    if (pooledRef + pooledCur > 0) {
      cells.add(new long[] {pooledRef, pooledCur});
    }
    if (cells.size() < 2) {
      return new Result(0.0, 0, 1.0);
    }
    double x2 = 0;
    for (long[] c : cells) {
      double both = c[0] + c[1];
      double er = both * n / total;
      double ec = both * m / total;
      x2 += (c[0] - er) * (c[0] - er) / er + (c[1] - ec) * (c[1] - ec) / ec;
    }
    int dof = cells.size() - 1;
    return new Result(x2, dof, upperTail(x2, dof));
  }

  /** P(X >= x) for a chi-square variable with {@code dof} degrees of freedom. */
  public static double upperTail(double x, int dof) {
    if (dof < 1) {
      throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + dof);
    }
    if (!(x > 0)) {
      return 1.0;
    }
    return regularizedGammaQ(dof / 2.0, x / 2.0);
  }

  /** Q(a, x) = Gamma(a, x) / Gamma(a): a series below a + 1, a continued fraction above. */
  static double regularizedGammaQ(double a, double x) {
    if (x < a + 1) {
      return 1.0 - lowerSeries(a, x);
    }
    return upperFraction(a, x);
  }

  private static double lowerSeries(double a, double x) {
    double term = 1.0 / a;
    double sum = term;
    for (int k = 1; k < 10_000; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  // Lentz's method for the continued fraction of Gamma(a, x)
  private static double upperFraction(double a, double x) {
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** ln Gamma(a) for a > 0 (Lanczos, g = 7, nine terms). */
  static double logGamma(double a) {
    if (a < 0.5) {
      return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
    }
    double[] g = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    double z = a - 1;
    double s = g[0];
    for (int i = 1; i < g.length; i++) {
      s += g[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
  }
}
