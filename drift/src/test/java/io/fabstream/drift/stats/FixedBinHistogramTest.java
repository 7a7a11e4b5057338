package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FixedBinHistogramTest {

  private static final BinEdges EDGES = BinEdges.uniform(0, 4, 4); // 0 1 2 3 4, 6 bins

  private static FixedBinHistogram sample() {
    // -1 -> under; 0.5 -> [0,1); 1.5, 1.7 -> [1,2); 3.2 -> [3,4); 4, 10 -> over; NaN apart
    return FixedBinHistogram.of(EDGES, -1, 0.5, 1.5, 1.7, 3.2, 4, 10, Double.NaN);
  }

  @Test
  void countsValuesInTheirBinsAndNanApart() {
    FixedBinHistogram h = sample();
    assertThat(h.counts()).containsExactly(1, 1, 2, 0, 1, 2);
    assertThat(h.total()).isEqualTo(7);
    assertThat(h.nanCount()).isEqualTo(1);
    assertThat(h.count(2)).isEqualTo(2);
  }

  @Test
  void rawFractionsAreCountsOverTotal() {
    assertThat(sample().fractions(0))
        .containsExactly(
            new double[] {1 / 7.0, 1 / 7.0, 2 / 7.0, 0, 1 / 7.0, 2 / 7.0}, within(1e-15));
  }

  @Test
  void smoothedFractionsAreNeverZeroAndSumToOne() {
    // epsilon 0.01, 6 bins: norm = 1 + 6 * 0.01 = 1.06
    // empty bin: 0.01 / 1.06 = 0.00943396; bin with 2: (2/7 + 0.01) / 1.06 = 0.27897574
    double[] f = sample().fractions(0.01);
    assertThat(f[3]).isCloseTo(0.00943396, within(1e-8));
    assertThat(f[2]).isCloseTo(0.27897574, within(1e-8));
    assertThat(f[0]).isCloseTo((1 / 7.0 + 0.01) / 1.06, within(1e-15));
    double sum = 0;
    for (double x : f) {
      sum += x;
    }
    assertThat(sum).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void cdfAtEdgesIsTheShareBelowEachEdge() {
    // below 0: 1/7; below 1: 2/7; below 2: 4/7; below 3: 4/7; below 4: 5/7
    assertThat(sample().cdfAtEdges())
        .containsExactly(new double[] {1 / 7.0, 2 / 7.0, 4 / 7.0, 4 / 7.0, 5 / 7.0}, within(1e-15));
  }

  @Test
  void allMassInOneBin() {
    FixedBinHistogram h = FixedBinHistogram.of(EDGES, 2.5, 2.5, 2.5, 2.5, 2.5);
    assertThat(h.counts()).containsExactly(0, 0, 0, 5, 0, 0);
    // (1 + 0.01) / 1.06 = 0.95283019; others 0.01 / 1.06 = 0.00943396
    double[] f = h.fractions(0.01);
    assertThat(f[3]).isCloseTo(0.95283019, within(1e-8));
    assertThat(f[0]).isCloseTo(0.00943396, within(1e-8));
    assertThat(h.cdfAtEdges()).containsExactly(0, 0, 0, 1, 1);
  }

  @Test
  void emptyHistogramHasNoShares() {
    FixedBinHistogram h = new FixedBinHistogram(EDGES);
    assertThat(h.total()).isZero();
    assertThat(h.counts()).containsOnly(0L);
    assertThatThrownBy(() -> h.fractions(0.01))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot compute shares of an empty histogram (total 0)");
    assertThatThrownBy(h::cdfAtEdges)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("empty histogram");
    // only NaN is still empty
    h.add(Double.NaN);
    assertThat(h.total()).isZero();
    assertThatThrownBy(() -> h.fractions(0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void mergeOfTwoHalvesEqualsTheWhole() {
    FixedBinHistogram first = FixedBinHistogram.of(EDGES, -1, 0.5, 1.5, Double.NaN);
    FixedBinHistogram second = FixedBinHistogram.of(EDGES, 1.7, 3.2, 4, 10);
    FixedBinHistogram merged = first.copy().merge(second);
    assertThat(merged).isEqualTo(sample());
    assertThat(merged.total()).isEqualTo(7);
    assertThat(first.total()).isEqualTo(3); // the copy was merged, not first
  }

  @Test
  void mergeRequiresTheSameEdges() {
    FixedBinHistogram a = new FixedBinHistogram(BinEdges.uniform(0, 1, 2));
    FixedBinHistogram b = new FixedBinHistogram(BinEdges.uniform(0, 2, 2));
    assertThatThrownBy(() -> a.merge(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "histograms have different edges: BinEdges[0.0, 0.5, 1.0] and BinEdges[0.0, 1.0, 2.0]");
  }

  @Test
  void codecRoundTripsEqual() {
    FixedBinHistogram h = sample();
    byte[] bytes = h.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1); // format version
    // 1 version + 4 edge count + 5 * 8 edges + 6 * 8 counts + 8 NaN count = 101
    assertThat(bytes).hasSize(101);
    FixedBinHistogram back = FixedBinHistogram.fromBytes(bytes);
    assertThat(back).isEqualTo(h);
    assertThat(back.total()).isEqualTo(7);
    assertThat(back.nanCount()).isEqualTo(1);
    FixedBinHistogram empty = new FixedBinHistogram(EDGES);
    assertThat(FixedBinHistogram.fromBytes(empty.toBytes())).isEqualTo(empty);
  }

  @Test
  void codecRejectsBadBytes() {
    byte[] bytes = sample().toBytes();
    byte[] future = bytes.clone();
    future[0] = 2;
    assertThatThrownBy(() -> FixedBinHistogram.fromBytes(future))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot decode FixedBinHistogram: unsupported format version 2 (this build reads"
                + " versions 1 to 1)");
    byte[] truncated = Arrays.copyOf(bytes, 50);
    assertThatThrownBy(() -> FixedBinHistogram.fromBytes(truncated))
        .hasMessage("cannot decode FixedBinHistogram: truncated after 50 bytes");
    byte[] negative = bytes.clone();
    negative[1 + 4 + 40] = (byte) 0xff; // first count's high byte
    assertThatThrownBy(() -> FixedBinHistogram.fromBytes(negative))
        .hasMessageStartingWith("cannot decode FixedBinHistogram: negative count");
  }

  @Test
  void binIndexIsChecked() {
    assertThatThrownBy(() -> sample().count(6)).hasMessage("bin must be in [0, 5], got 6");
    assertThatThrownBy(() -> new FixedBinHistogram(null)).hasMessage("edges must not be null");
    assertThatThrownBy(() -> sample().fractions(-0.1))
        .hasMessage("epsilon must be finite and >= 0, got -0.1");
  }
}
