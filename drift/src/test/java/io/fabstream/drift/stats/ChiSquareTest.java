package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

  @Test
  void upperTailMatchesTabulatedCriticalValues() {
    // the 5% and 1% points of chi-square tables
    assertThat(ChiSquare.upperTail(3.841458820694124, 1)).isCloseTo(0.05, within(1e-9));
    assertThat(ChiSquare.upperTail(5.991464547107979, 2)).isCloseTo(0.05, within(1e-9));
    assertThat(ChiSquare.upperTail(20.090235029663233, 8)).isCloseTo(0.01, within(1e-9));
    // two degrees of freedom: the tail is exactly exp(-x / 2)
    assertThat(ChiSquare.upperTail(2.0, 2)).isCloseTo(Math.exp(-1), within(1e-12));
    assertThat(ChiSquare.upperTail(0.0, 3)).isEqualTo(1.0);
  }

  @Test
  void homogeneityOfATwoByTwoTableByHand() {
    // 30/10 against 10/30: every expected count is 20, X^2 = 4 * 10^2 / 20 = 20 on one degree
    ChiSquare.Result r = ChiSquare.homogeneity(new long[] {30, 10}, new long[] {10, 30});
    assertThat(r.statistic()).isCloseTo(20.0, within(1e-12));
    assertThat(r.degreesOfFreedom()).isEqualTo(1);
    // P(Z^2 >= 20) = 2 * (1 - Phi(sqrt 20)) = 7.7442e-6
    assertThat(r.pValue()).isCloseTo(7.744216e-6, within(1e-10));
    assertThat(r.significantAt(0.01)).isTrue();
  }

  @Test
  void identicalMixesAreHomogeneous() {
    ChiSquare.Result r =
        ChiSquare.homogeneity(new long[] {50, 30, 20, 0}, new long[] {25, 15, 10, 0});
    assertThat(r.statistic()).isCloseTo(0.0, within(1e-12));
    assertThat(r.degreesOfFreedom()).isEqualTo(2);
    assertThat(r.pValue()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void rareCategoriesArePooledBeforeTheStatistic() {
    // categories 1 and 2 expect under five in the window, so they are one cell: 3 cells, 2 degrees
    ChiSquare.Result r =
        ChiSquare.homogeneity(new long[] {180, 2, 3, 15}, new long[] {85, 3, 2, 10});
    assertThat(r.degreesOfFreedom()).isEqualTo(2);
    // by hand over cells {265}, {10}, {25}: n = 200, m = 100, shares 2/3 and 1/3
    double x2 = 0;
    long[][] cells = {{180, 85}, {5, 5}, {15, 10}};
    for (long[] c : cells) {
      double both = c[0] + c[1];
      x2 += Math.pow(c[0] - both * 2 / 3, 2) / (both * 2 / 3);
      x2 += Math.pow(c[1] - both / 3, 2) / (both / 3);
    }
    assertThat(r.statistic()).isCloseTo(x2, within(1e-12));
  }

  @Test
  void anEmptySampleSaysNothing() {
    assertThat(ChiSquare.homogeneity(new long[] {5, 5}, new long[] {0, 0}).pValue()).isEqualTo(1.0);
    assertThatThrownBy(() -> ChiSquare.homogeneity(new long[] {1}, new long[] {1, 2}))
        .hasMessageContaining("differ in length");
  }
}
