package io.fabstream.inference.wafer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the eight rotations and reflections of a wafer tensor: a permutation group acting on each
 * channel plane alone, with t=1 a clockwise quarter turn and t=4 a left-right mirror.
 */
class DihedralTest {

  private static final int GRID = 4;
  private static final int CHANNELS = 2;

  @Test
  void theEightTransformsOfAnAsymmetricWaferAreEightDifferentPermutations() {
    float[] wafer = asymmetric();
    List<float[]> images = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      images.add(transform(t, wafer));
    }

    float[] sortedInput = sorted(wafer);
    for (int t = 0; t < 8; t++) {
      assertThat(sorted(images.get(t)))
          .as("values of transform %d", t)
          .containsExactly(sortedInput);
      for (int u = 0; u < t; u++) {
        assertThat(Arrays.equals(images.get(t), images.get(u)))
            .as("transforms %d and %d differ", u, t)
            .isFalse();
      }
    }
  }

  @Test
  void transformZeroLeavesTheWaferAsItIs() {
    float[] wafer = asymmetric();

    assertThat(transform(0, wafer)).containsExactly(wafer);
  }

  @Test
  void fourQuarterTurnsComeBackToTheOriginal() {
    float[] wafer = asymmetric();
    float[] turned = wafer;
    for (int i = 0; i < 4; i++) {
      turned = transform(1, turned);
      if (i < 3) {
        assertThat(turned).as("after %d quarter turns", i + 1).isNotEqualTo(wafer);
      }
    }

    assertThat(turned).containsExactly(wafer);
  }

  @Test
  void transformsComposeLikeTheSymmetryGroupOfASquare() {
    float[] wafer = asymmetric();

    assertThat(transform(1, transform(1, wafer))).containsExactly(transform(2, wafer));
    assertThat(transform(1, transform(2, wafer))).containsExactly(transform(3, wafer));
    assertThat(transform(3, transform(1, wafer))).containsExactly(wafer);
    for (int t = 4; t < 8; t++) {
      assertThat(transform(t, transform(t, wafer)))
          .as("reflection %d twice", t)
          .containsExactly(wafer);
      // t = 4 + r is the mirror followed by r quarter turns.
      assertThat(transform(t, wafer)).containsExactly(rotations(t - 4, transform(4, wafer)));
    }
  }

  @Test
  void aDieMovesWhereAQuarterTurnOrAMirrorPutsIt() {
    int last = GRID - 1;
    // A marker at row 0, column 1 (near the top-left corner, not on any symmetry axis).
    int y = 0;
    int x = 1;
    int[][] expected = {
      {y, x}, // identity
      {x, last - y}, // t=1: clockwise quarter turn, the top row becomes the right column
      {last - y, last - x}, // t=2: half turn
      {last - x, y}, // t=3: anticlockwise quarter turn
      {y, last - x}, // t=4: left-right mirror
      {last - x, last - y}, // t=5: mirror then clockwise turn (anti-diagonal reflection)
      {last - y, x}, // t=6: mirror then half turn (up-down mirror)
      {x, y}, // t=7: mirror then anticlockwise turn (transpose)
    };
    for (int t = 0; t < 8; t++) {
      float[] wafer = new float[CHANNELS * GRID * GRID];
      wafer[GRID * GRID + y * GRID + x] = 1; // marker in channel 1 only

      float[] out = transform(t, wafer);

      int at = GRID * GRID + expected[t][0] * GRID + expected[t][1];
      assertThat(out[at]).as("marker after transform %d", t).isEqualTo(1f);
      assertThat(sum(out)).as("only one marker after transform %d", t).isEqualTo(1f);
      assertThat(Arrays.copyOfRange(out, 0, GRID * GRID))
          .as("channel 0 stays empty after transform %d", t)
          .containsOnly(0f);
    }
  }

  @Test
  void channelsAreTransformedAlikeAndNeverMixed() {
    float[] wafer = asymmetric();
    for (int t = 0; t < 8; t++) {
      float[] out = transform(t, wafer);
      for (int ch = 0; ch < CHANNELS; ch++) {
        float[] plane = Arrays.copyOfRange(wafer, ch * GRID * GRID, (ch + 1) * GRID * GRID);
        float[] alone = new float[GRID * GRID];
        Dihedral.apply(t, plane, alone, 1, GRID);
        assertThat(Arrays.copyOfRange(out, ch * GRID * GRID, (ch + 1) * GRID * GRID))
            .as("channel %d of transform %d", ch, t)
            .containsExactly(alone);
      }
    }
  }

  @Test
  void transformsOutsideZeroToSevenAreRejected() {
    float[] wafer = asymmetric();
    float[] out = new float[wafer.length];

    assertThatThrownBy(() -> Dihedral.apply(8, wafer, out, CHANNELS, GRID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..7")
        .hasMessageContaining("8");
    assertThatThrownBy(() -> Dihedral.apply(-1, wafer, out, CHANNELS, GRID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  /** Distinct values everywhere, so every non-identity transform changes the array. */
  private static float[] asymmetric() {
    float[] wafer = new float[CHANNELS * GRID * GRID];
    for (int i = 0; i < wafer.length; i++) {
      wafer[i] = i + 1;
    }
    return wafer;
  }

  private static float[] transform(int t, float[] in) {
    float[] out = new float[in.length];
    Dihedral.apply(t, in, out, CHANNELS, GRID);
    return out;
  }

  private static float[] rotations(int quarterTurns, float[] in) {
    float[] out = in;
    for (int i = 0; i < quarterTurns; i++) {
      out = transform(1, out);
    }
    return out;
  }

  private static float[] sorted(float[] values) {
    float[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static float sum(float[] values) {
    float s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }
}
