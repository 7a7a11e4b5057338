package io.fabstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WaferMapProfileTest {

  /** A 5x5 grid, every position a die; {@code fails} lists the failing (row, col) pairs. */
  private static byte[] grid(int[]... fails) {
    byte[] dies = new byte[25];
    java.util.Arrays.fill(dies, (byte) 1);
    for (int[] f : fails) {
      dies[f[0] * 5 + f[1]] = 2;
    }
    return dies;
  }

  @Test
  void aCentreBlobFailsTheInnerRingsAndIsClustered() {
    // the centre die and its four edge neighbours fail
    Map<String, Double> p =
        WaferMapProfile.of(
            5,
            5,
            grid(
                new int[] {2, 2},
                new int[] {1, 2},
                new int[] {3, 2},
                new int[] {2, 1},
                new int[] {2, 3}));
    assertThat(p.keySet()).containsExactlyElementsOf(WaferMapProfile.FEATURES);
    assertThat(p.get("die_yield")).isCloseTo(20 / 25.0, within(1e-12));
    // the farthest die (a corner) is at sqrt 8, so rings are sqrt 8 / 4 = 0.707 wide: ring 0 is
    // the centre die alone, ring 1 the four dies at distance 1 (the diagonals, at sqrt 2, are ring
    // 2)
    assertThat(p.get("radial_fail_0")).isEqualTo(1.0);
    assertThat(p.get("radial_fail_1")).isEqualTo(1.0);
    assertThat(p.get("radial_fail_3")).isEqualTo(0.0);
    // each of the five failing dies has at least two failing neighbours
    assertThat(p.get("fail_clustering")).isEqualTo(1.0);
  }

  @Test
  void scatteredFailuresAreNotClustered() {
    Map<String, Double> p =
        WaferMapProfile.of(5, 5, grid(new int[] {0, 0}, new int[] {0, 4}, new int[] {4, 0}));
    assertThat(p.get("fail_clustering")).isEqualTo(0.0);
    assertThat(p.get("die_yield")).isCloseTo(22 / 25.0, within(1e-12));
    // corners are the outer ring: 3 of its dies fail
    assertThat(p.get("radial_fail_3")).isGreaterThan(0.0);
    assertThat(p.get("radial_fail_0")).isEqualTo(0.0);
  }

  @Test
  void aPerfectWaferHasNoClusteringToSpeakOf() {
    Map<String, Double> p = WaferMapProfile.of(5, 5, grid());
    assertThat(p.get("die_yield")).isEqualTo(1.0);
    assertThat(p.get("fail_clustering")).isNaN();
  }

  @Test
  void aMapRecordFitsWhenItsGridHoldsRowsTimesColsDies() {
    WaferMap.Builder map =
        WaferMap.newBuilder()
            .setWaferId("L1-01")
            .setLot("L1")
            .setSlot(1)
            .setProduct("P5")
            .setTool("INSP-01")
            .setStep("final-inspect")
            .setInspectedAt(java.time.Instant.parse("2026-12-01T00:00:00Z"))
            .setRows(5)
            .setCols(5)
            .setDies(java.nio.ByteBuffer.wrap(grid()));
    assertThat(WaferMapProfile.fits(map.build())).isTrue();
    assertThat(WaferMapProfile.fits(map.setCols(4).build())).isFalse();
  }

  @Test
  void aGridOfTheWrongSizeIsRefused() {
    assertThatThrownBy(() -> WaferMapProfile.of(4, 5, grid()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4x5 wafer map needs 20 dies, got 25");
  }
}
