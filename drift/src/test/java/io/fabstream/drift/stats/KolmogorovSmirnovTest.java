package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

  private static final BinEdges EDGES = BinEdges.uniform(0, 3, 3); // 0 1 2 3

  @Test
  void identicalDistributionsGiveZeroAndPValueOne() {
    FixedBinHistogram a = FixedBinHistogram.of(EDGES, 0.5, 1.5, 2.5);
    FixedBinHistogram b = FixedBinHistogram.of(EDGES, 0.5, 0.5, 1.5, 1.5, 2.5, 2.5);
    KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(a, b);
    assertThat(r.d()).isZero();
    assertThat(r.pValue()).isEqualTo(1.0);
    assertThat(r.n()).isEqualTo(3);
    assertThat(r.m()).isEqualTo(6);
  }

  @Test
  void statisticIsTheLargestGapAtTheEdges() {
    // ref 0.5, 1.5, 2.5, 2.5: below edges 0,1,2,3 -> 0, 1/4, 2/4, 1
    // cur 0.5, 0.5, 0.5, 2.5: -> 0, 3/4, 3/4, 1
    // gaps 0, 0.5, 0.25, 0 -> D = 0.5
    FixedBinHistogram ref = FixedBinHistogram.of(EDGES, 0.5, 1.5, 2.5, 2.5);
    FixedBinHistogram cur = FixedBinHistogram.of(EDGES, 0.5, 0.5, 0.5, 2.5);
    assertThat(KolmogorovSmirnov.statistic(ref, cur)).isEqualTo(0.5);
  }

  @Test
  void binnedStatisticIsALowerBoundOfTheExactOne() {
    // ref {0.5, 1.5}, cur {0.1, 0.2}: exact D = 1 (at x = 0.2 cur is at 1, ref at 0),
    // but on the single inner bin [0, 2) both distributions are 0 below 0 and 1 below 2: D = 0.
    BinEdges coarse = BinEdges.uniform(0, 2, 1);
    assertThat(
            KolmogorovSmirnov.statistic(
                FixedBinHistogram.of(coarse, 0.5, 1.5), FixedBinHistogram.of(coarse, 0.1, 0.2)))
        .isZero();
    // finer edges recover the gap: below 0.25 cur has 1, ref 0 -> D = 1
    BinEdges fine = BinEdges.uniform(0, 2, 8);
    assertThat(
            KolmogorovSmirnov.statistic(
                FixedBinHistogram.of(fine, 0.5, 1.5), FixedBinHistogram.of(fine, 0.1, 0.2)))
        .isEqualTo(1.0);
  }

  @Test
  void kolmogorovDistributionTail() {
    // Q(1) = 2 (e^-2 - e^-8 + e^-18 - ...) = 2 (0.1353353 - 0.0003355 + 0.0000000) = 0.2699996
    assertThat(KolmogorovSmirnov.kolmogorovQ(1.0)).isCloseTo(0.2699997, within(1e-7));
    // Q(2) = 2 (e^-8 - e^-32 + ...) = 2 * 0.00033546 = 0.00067093
    assertThat(KolmogorovSmirnov.kolmogorovQ(2.0)).isCloseTo(0.00067093, within(1e-8));
    // Q(0.5) = 1 - sqrt(2 pi) / 0.5 (e^(-pi^2/2) + e^(-9 pi^2/2) + ...)
    //        = 1 - 5.0132565 * (0.0071919 + 0.0000000) = 0.9639452
    assertThat(KolmogorovSmirnov.kolmogorovQ(0.5)).isCloseTo(0.9639452, within(1e-7));
    assertThat(KolmogorovSmirnov.kolmogorovQ(0)).isEqualTo(1.0);
    assertThat(KolmogorovSmirnov.kolmogorovQ(0.01)).isEqualTo(1.0);
    // Q(10) = 2 e^-200 = 2.7677931e-87 (the next term e^-800 underflows)
    assertThat(KolmogorovSmirnov.kolmogorovQ(10)).isCloseTo(2.7677931e-87, within(1e-94));
    // the two evaluations meet at lambda = 1 without a jump
    assertThat(KolmogorovSmirnov.kolmogorovQ(Math.nextDown(1.0)))
        .isCloseTo(KolmogorovSmirnov.kolmogorovQ(1.0), within(1e-12));
  }

  @Test
  void pValueUsesTheEffectiveSampleSize() {
    // n = m = 10: ne = 100 / 20 = 5, sqrt 5 = 2.2360680, 0.11 / 2.2360680 = 0.0491935
    // lambda = (2.2360680 + 0.12 + 0.0491935) * 0.5 = 2.4052615 * 0.5 = 1.2026307
    // lambda^2 = 1.4463207
    // Q = 2 (e^(-2 * 1.4463207) - e^(-8 * 1.4463207) + ...) = 2 (0.0554296 - 0.0000094) = 0.1108403
    assertThat(KolmogorovSmirnov.pValue(0.5, 10, 10)).isCloseTo(0.1108403, within(1e-6));
    assertThat(KolmogorovSmirnov.pValue(0, 10, 10)).isEqualTo(1.0);
  }

  @Test
  void criticalValue() {
    // sqrt(-ln(0.025) / 2) = sqrt(3.6888795 / 2) = 1.3581015; sqrt(200 / 10000) = 0.1414214
    // 1.3581015 * 0.1414214 = 0.1920646
    assertThat(KolmogorovSmirnov.criticalValue(0.05, 100, 100)).isCloseTo(0.1920646, within(1e-7));
  }

  @Test
  void significance() {
    KolmogorovSmirnov.Result r = new KolmogorovSmirnov.Result(0.5, 0.11, 10, 10);
    assertThat(r.significantAt(0.2)).isTrue();
    assertThat(r.significantAt(0.05)).isFalse();
  }

  @Test
  void validation() {
    FixedBinHistogram a = FixedBinHistogram.of(EDGES, 0.5);
    assertThatThrownBy(() -> KolmogorovSmirnov.statistic(a, new FixedBinHistogram(EDGES)))
        .hasMessage("KS needs data on both sides, got reference total 1 and current total 0");
    assertThatThrownBy(
            () ->
                KolmogorovSmirnov.statistic(a, FixedBinHistogram.of(BinEdges.uniform(0, 1, 1), 0)))
        .hasMessageStartingWith("histograms have different edges");
    assertThatThrownBy(() -> KolmogorovSmirnov.pValue(1.5, 10, 10))
        .hasMessage("D must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> KolmogorovSmirnov.pValue(0.5, 0, 10))
        .hasMessage("sample sizes must be >= 1, got n=0, m=10");
    assertThatThrownBy(() -> KolmogorovSmirnov.criticalValue(1, 10, 10))
        .hasMessage("alpha must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> KolmogorovSmirnov.kolmogorovQ(-1))
        .hasMessage("lambda must be >= 0, got -1.0");
  }
}
