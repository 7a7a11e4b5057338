package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinEdgesTest {

  @Test
  void uniformEdgesAreEvenlySpaced() {
    // (10 - 0) / 5 = 2 per bin: 0, 2, 4, 6, 8, 10
    BinEdges edges = BinEdges.uniform(0, 10, 5);
    assertThat(edges.edges()).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(edges.innerBins()).isEqualTo(5);
    assertThat(edges.binCount()).isEqualTo(7); // 5 inner + underflow + overflow
  }

  @Test
  void binsAreHalfOpenWithUnderflowAndOverflow() {
    BinEdges edges = BinEdges.uniform(0, 10, 5); // 0 2 4 6 8 10
    assertThat(edges.bin(-1)).isEqualTo(0); // below e0
    assertThat(edges.bin(Double.NEGATIVE_INFINITY)).isEqualTo(0);
    assertThat(edges.bin(0)).isEqualTo(1); // [0, 2)
    assertThat(edges.bin(-0.0)).isEqualTo(1); // -0.0 is not below 0
    assertThat(edges.bin(1.999)).isEqualTo(1);
    assertThat(edges.bin(2)).isEqualTo(2); // [2, 4)
    assertThat(edges.bin(9.999)).isEqualTo(5); // [8, 10)
    assertThat(edges.bin(10)).isEqualTo(6); // >= e5 is overflow
    assertThat(edges.bin(1e300)).isEqualTo(6);
    assertThat(edges.bin(Double.POSITIVE_INFINITY)).isEqualTo(6);
  }

  @Test
  void nanIsRejectedByBin() {
    BinEdges edges = BinEdges.uniform(0, 1, 2);
    assertThatThrownBy(() -> edges.bin(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN has no bin");
  }

  @Test
  void quantileEdgesSplitTheReferenceEvenly() {
    // Sorted sample 1..10, k = 2: level 0 -> x[0] = 1; level 1/2 -> h = 9 * 0.5 = 4.5,
    // x[4] + 0.5 (x[5] - x[4]) = 5 + 0.5 = 5.5; top edge just above the maximum 10.
    double[] sample = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
    BinEdges edges = BinEdges.quantiles(sample, 2);
    assertThat(edges.edges()).containsExactly(1, 5.5, Math.nextUp(10.0));
    FixedBinHistogram h = FixedBinHistogram.of(edges, sample);
    // 1..5 in [1, 5.5), 6..10 in [5.5, 10+): 5 and 5, nothing outside
    assertThat(h.counts()).containsExactly(0, 5, 5, 0);
    assertThat(sample).containsExactly(7, 3, 10, 1, 5, 9, 2, 8, 4, 6); // not sorted in place
  }

  @Test
  void quantileTiesAreDeduplicated() {
    // n = 8, k = 4, h = 7 i / 4: i=0 -> x[0] = 1; i=1 -> h=1.75, 1 + 0.75 (1 - 1) = 1;
    // i=2 -> h=3.5, 1; i=3 -> h=5.25, x[5] + 0.25 (x[6] - x[5]) = 1 + 0.25 = 1.25.
    // Quantiles 1, 1, 1, 1.25 -> 1, 1.25, then the top edge above 3: two inner bins, none empty.
    BinEdges edges = BinEdges.quantiles(new double[] {1, 1, 1, 1, 1, 1, 2, 3}, 4);
    assertThat(edges.edges()).containsExactly(1, 1.25, Math.nextUp(3.0));
    assertThat(edges.innerBins()).isEqualTo(2);
  }

  @Test
  void constantReferenceGivesOneInnerBin() {
    BinEdges edges = BinEdges.quantiles(new double[] {4, 4, 4}, 3);
    assertThat(edges.edges()).containsExactly(4, Math.nextUp(4.0));
    assertThat(edges.bin(4)).isEqualTo(1);
    assertThat(edges.bin(4.0001)).isEqualTo(2);
  }

  @Test
  void singleValueReferenceWorks() {
    BinEdges edges = BinEdges.quantiles(new double[] {2.5}, 10);
    assertThat(edges.edges()).containsExactly(2.5, Math.nextUp(2.5));
  }

  @Test
  void validationMessagesAreSpecific() {
    assertThatThrownBy(() -> new BinEdges(null)).hasMessage("edges must not be null");
    assertThatThrownBy(() -> new BinEdges(new double[0]))
        .hasMessage("at least one edge is required");
    assertThatThrownBy(() -> new BinEdges(new double[] {0, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "edges must be strictly increasing, but edge 2 = 1.0 is not above edge 1 = 1.0");
    assertThatThrownBy(() -> new BinEdges(new double[] {0, Double.NaN}))
        .hasMessage("edge 1 is not finite: NaN");
    assertThatThrownBy(() -> new BinEdges(new double[] {Double.NEGATIVE_INFINITY, 0}))
        .hasMessage("edge 0 is not finite: -Infinity");
    assertThatThrownBy(() -> new BinEdges(new double[BinEdges.MAX_EDGES + 1]))
        .hasMessageContaining("at most 10001 edges");
    assertThatThrownBy(() -> BinEdges.uniform(1, 1, 3))
        .hasMessage("lo must be below hi, got lo=1.0, hi=1.0");
    assertThatThrownBy(() -> BinEdges.uniform(0, Double.POSITIVE_INFINITY, 3))
        .hasMessageContaining("must be finite");
    assertThatThrownBy(() -> BinEdges.uniform(0, 1, 0))
        .hasMessage("k (inner bins) must be in [1, 10000], got 0");
    assertThatThrownBy(() -> BinEdges.quantiles(new double[0], 3))
        .hasMessage("reference sample must not be null or empty");
    assertThatThrownBy(() -> BinEdges.quantiles(new double[] {1, Double.NaN}, 3))
        .hasMessage("reference sample value 1 is not finite: NaN");
    assertThatThrownBy(() -> BinEdges.quantiles(new double[] {1, 2}, 0))
        .hasMessageContaining("got 0");
  }

  @Test
  void edgesAreCopiedAndCompareByValue() {
    double[] raw = {0, 1, 2};
    BinEdges edges = new BinEdges(raw);
    raw[1] = 5;
    edges.edges()[1] = 7;
    assertThat(edges.edge(1)).isEqualTo(1);
    assertThat(edges).isEqualTo(new BinEdges(new double[] {0, 1, 2}));
    assertThat(edges.hashCode()).isEqualTo(new BinEdges(new double[] {0, 1, 2}).hashCode());
    assertThat(new BinEdges(new double[] {-0.0, 1})).isEqualTo(new BinEdges(new double[] {0, 1}));
    assertThat(edges).isNotEqualTo(new BinEdges(new double[] {0, 1, 3}));
    assertThat(edges.toString()).isEqualTo("BinEdges[0.0, 1.0, 2.0]");
  }
}
