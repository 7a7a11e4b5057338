package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

  private static final double TINY = 1e-12; // smoothing too small to move the hand values

  @Test
  void identicalDistributionsGiveZero() {
    BinEdges edges = BinEdges.uniform(0, 1, 4);
    FixedBinHistogram a = FixedBinHistogram.of(edges, 0.1, 0.3, 0.3, 0.9, 2);
    FixedBinHistogram b = FixedBinHistogram.of(edges, 0.1, 0.3, 0.3, 0.9, 2);
    assertThat(PopulationStabilityIndex.of(a, b, 1e-4)).isZero();
    // same shares at a different sample size: also 0
    assertThat(PopulationStabilityIndex.of(new long[] {1, 2}, new long[] {10, 20}, 1e-4))
        .isCloseTo(0, within(1e-15));
  }

  @Test
  void categoricalClassMix() {
    // reference 50/50, current 80/20:
    // (0.8 - 0.5) ln(0.8 / 0.5) + (0.2 - 0.5) ln(0.2 / 0.5)
    // = 0.3 * 0.4700036 + 0.3 * 0.9162907 = 0.1410011 + 0.2748872 = 0.4158883
    assertThat(PopulationStabilityIndex.of(new long[] {50, 50}, new long[] {80, 20}, TINY))
        .isCloseTo(0.4158883, within(1e-6));
  }

  @Test
  void histogramsOnSharedEdges() {
    BinEdges edges = BinEdges.uniform(0, 2, 2); // bins: under, [0,1), [1,2), over
    FixedBinHistogram ref = FixedBinHistogram.of(edges, 0.5, 0.5, 0.5, 1.5); // 0 3 1 0
    FixedBinHistogram cur = FixedBinHistogram.of(edges, 0.5, 1.5, 1.5, 1.5); // 0 1 3 0
    // (0.25 - 0.75) ln(1/3) + (0.75 - 0.25) ln 3 = 0.5 ln 3 + 0.5 ln 3 = ln 3 = 1.0986123;
    // the two empty outer bins contribute (e - e) ln 1 = 0
    assertThat(PopulationStabilityIndex.of(ref, cur, TINY)).isCloseTo(1.0986123, within(1e-6));
    assertThat(PopulationStabilityIndex.of(cur, ref, TINY)).isCloseTo(1.0986123, within(1e-6));
  }

  @Test
  void emptyBinOnOneSideStaysFinite() {
    // epsilon 0.01, 2 bins, norm 1.02:
    // ref [10, 0] -> r = (1.01 / 1.02, 0.01 / 1.02) = (0.9901961, 0.0098039); cur [5, 5] -> 0.5,
    // 0.5
    // (0.5 - 0.9901961) ln(0.5 / 0.9901961) = -0.4901961 * -0.6832949 = 0.3349485
    // (0.5 - 0.0098039) ln(0.5 / 0.0098039) = 0.4901961 * 3.9318256 = 1.9273655
    // sum 2.2623140
    assertThat(PopulationStabilityIndex.of(new long[] {10, 0}, new long[] {5, 5}, 0.01))
        .isCloseTo(2.262314, within(1e-6));
  }

  @Test
  void allMassInOneBinAgainstASpreadReference() {
    // ref [1, 1], cur [2, 0], epsilon 0.01, norm 1.02:
    // r = 0.51 / 1.02 = 0.5 each; c = (1.01 / 1.02, 0.01 / 1.02) = (0.9901961, 0.0098039)
    // (0.9901961 - 0.5) ln(1.9803922) + (0.0098039 - 0.5) ln(0.0196078)
    // = 0.4901961 * 0.6832949 + 0.4901961 * 3.9318256 = 0.3349485 + 1.9273655 = 2.2623140
    // (the same terms as above with the sides swapped: PSI is symmetric)
    assertThat(PopulationStabilityIndex.of(new long[] {1, 1}, new long[] {2, 0}, 0.01))
        .isCloseTo(2.262314, within(1e-6));
  }

  @Test
  void validation() {
    BinEdges e1 = BinEdges.uniform(0, 1, 2);
    FixedBinHistogram a = FixedBinHistogram.of(e1, 0.2);
    FixedBinHistogram b = FixedBinHistogram.of(BinEdges.uniform(0, 1, 3), 0.2);
    assertThatThrownBy(() -> PopulationStabilityIndex.of(a, b, 1e-4))
        .hasMessageStartingWith("histograms have different edges");
    assertThatThrownBy(() -> PopulationStabilityIndex.of(a, new FixedBinHistogram(e1), 1e-4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "PSI needs data on both sides: cannot compute shares of an empty current (total 0)");
    assertThatThrownBy(() -> PopulationStabilityIndex.of(new long[] {1}, new long[] {1, 2}, 1e-4))
        .hasMessage("count arrays differ in length: reference 1, current 2");
    assertThatThrownBy(() -> PopulationStabilityIndex.of(new long[0], new long[0], 1e-4))
        .hasMessage("count arrays must not be empty");
    assertThatThrownBy(() -> PopulationStabilityIndex.of(new long[] {1, 1}, new long[] {1, 1}, 0))
        .hasMessage("epsilon must be finite and > 0, got 0.0");
    assertThatThrownBy(
            () -> PopulationStabilityIndex.of(new long[] {1, -1}, new long[] {1, 1}, 1e-4))
        .hasMessage("reference count 1 is negative: -1");
    assertThatThrownBy(
            () -> PopulationStabilityIndex.of(new long[] {0, 0}, new long[] {1, 1}, 1e-4))
        .hasMessageContaining("empty reference");
  }
}
