package io.fabstream.features.lot;

/**
 * Die-yield figures of a set of wafers (a lot or a lot's step) as they are reported: mean and
 * lowest per-wafer yield, and failing dies per die over all of them. A wafer counts as seen whether
 * or not it has a map; only mapped wafers with dies count toward the yields.
 */
final class DieYield {
  private int wafersSeen;
  private int wafersWithDies;
  private double yieldSum;
  private double minYield = Double.POSITIVE_INFINITY;
  private long passing;
  private long failing;

  void add(WaferTally wafer) {
    wafersSeen++;
    long dies = (long) wafer.passingDies + wafer.failingDies;
    if (wafer.mapped && dies > 0) {
      double yield = (double) wafer.passingDies / dies;
      wafersWithDies++;
      yieldSum += yield;
      minYield = Math.min(minYield, yield);
      passing += wafer.passingDies;
      failing += wafer.failingDies;
    }
  }

  int wafersSeen() {
    return wafersSeen;
  }

  /** Mean per-wafer die yield, or null without a mapped wafer. */
  Double meanYield() {
    return wafersWithDies == 0 ? null : yieldSum / wafersWithDies;
  }

  /** Lowest per-wafer die yield, or null without a mapped wafer. */
  Double minYield() {
    return wafersWithDies == 0 ? null : minYield;
  }

  /** Failing dies over all dies of the mapped wafers, or null without a mapped wafer. */
  Double failDensity() {
    return wafersWithDies == 0 ? null : (double) failing / (passing + failing);
  }
}
