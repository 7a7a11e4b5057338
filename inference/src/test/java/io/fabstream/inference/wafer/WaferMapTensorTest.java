package io.fabstream.inference.wafer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pins the box resampling of die grids into three channels of no-die / pass / fail area. */
class WaferMapTensorTest {

  private static final int NO_DIE = 0;
  private static final int PASS = 1;
  private static final int FAIL = 2;

  @Test
  void aTwoByTwoMapIsEnlargedIntoSolidFourByFourBlocksWithoutInventingDies() {
    WaferMapTensor resampler = new WaferMapTensor(8);
    byte[] dies = {0, 1, 2, 1};

    float[] t = resampler.toArray(2, 2, dies);

    assertThat(t).hasSize(3 * 8 * 8);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        int code = dies[(y / 4) * 2 + x / 4];
        for (int ch = 0; ch < 3; ch++) {
          assertThat(at(t, 8, ch, y, x))
              .as("channel %d at (%d,%d)", ch, y, x)
              .isEqualTo(ch == code ? 1f : 0f);
        }
      }
    }
  }

  @Test
  void aSixteenBySixteenMapIsShrunkByAveragingTwoByTwoBlocks() {
    WaferMapTensor resampler = new WaferMapTensor(8);
    byte[] dies = new byte[16 * 16];
    Arrays.fill(dies, (byte) PASS);
    dies[1 * 16 + 1] = FAIL; // one fail die in the block of output cell (0,0)
    dies[4 * 16 + 6] = NO_DIE; // output cell (2,3): one off-wafer cell...
    dies[5 * 16 + 7] = NO_DIE; // ...and a second one
    dies[14 * 16 + 14] = FAIL; // output cell (7,7): all four dies fail
    dies[14 * 16 + 15] = FAIL;
    dies[15 * 16 + 14] = FAIL;
    dies[15 * 16 + 15] = FAIL;

    float[] t = resampler.toArray(16, 16, dies);

    assertThat(at(t, 8, FAIL, 0, 0)).isEqualTo(0.25f);
    assertThat(at(t, 8, PASS, 0, 0)).isEqualTo(0.75f);
    assertThat(at(t, 8, NO_DIE, 0, 0)).isZero();
    assertThat(at(t, 8, NO_DIE, 2, 3)).isEqualTo(0.5f);
    assertThat(at(t, 8, PASS, 2, 3)).isEqualTo(0.5f);
    assertThat(at(t, 8, FAIL, 7, 7)).isEqualTo(1f);
    assertThat(at(t, 8, PASS, 7, 7)).isZero();
    assertThat(at(t, 8, PASS, 4, 4)).as("an all-pass block").isEqualTo(1f);
    assertThat(at(t, 8, FAIL, 4, 4)).isZero();
  }

  @Test
  void aThreeByThreeMapSpreadsEachDieOverFractionalCellsThatStillSumToOne() {
    WaferMapTensor resampler = new WaferMapTensor(8);
    byte[] dies = {0, 1, 0, 1, 2, 1, 0, 1, 0};

    float[] t = resampler.toArray(3, 3, dies);

    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        float sum = at(t, 8, 0, y, x) + at(t, 8, 1, y, x) + at(t, 8, 2, y, x);
        assertThat(sum).as("cell (%d,%d)", y, x).isCloseTo(1f, within(1e-5f));
      }
    }
    // Output cell 2 spans source [0.75, 1.125): three quarters of row 0, the rest of row 1 (1/3).
    // Cell (2,2) therefore covers die (0,0)=none, (0,1)=pass, (1,0)=pass, (1,1)=fail with weights
    // (0.25*0.25), (0.25*0.125), (0.125*0.25), (0.125*0.125) over an area of 0.375^2.
    double area = 0.375 * 0.375;
    assertThat(at(t, 8, NO_DIE, 2, 2)).isCloseTo((float) (0.0625 / area), within(1e-6f));
    assertThat(at(t, 8, PASS, 2, 2)).isCloseTo((float) (0.0625 / area), within(1e-6f));
    assertThat(at(t, 8, FAIL, 2, 2)).isCloseTo((float) (0.015625 / area), within(1e-6f));
    // The centre die is the only fail die, so the map's centre cells carry fail and corners do not.
    assertThat(at(t, 8, FAIL, 4, 4)).isEqualTo(1f);
    assertThat(at(t, 8, FAIL, 0, 0)).isZero();
  }

  @Test
  void failAreaIsPreservedWhateverTheScaleOrAspect() {
    Random random = new Random(11);
    int[][] sizes = {{3, 3}, {26, 26}, {25, 27}, {53, 61}, {200, 150}, {7, 300}};
    for (int grid : new int[] {8, 32, 64}) {
      WaferMapTensor resampler = new WaferMapTensor(grid);
      for (int[] size : sizes) {
        int rows = size[0];
        int cols = size[1];
        byte[] dies = new byte[rows * cols];
        int[] counts = new int[3];
        for (int i = 0; i < dies.length; i++) {
          dies[i] = (byte) random.nextInt(3);
          counts[dies[i]]++;
        }

        float[] t = resampler.toArray(rows, cols, dies);

        double cellArea = (double) rows * cols / (grid * grid);
        for (int ch = 0; ch < 3; ch++) {
          double area = 0;
          for (int cell = 0; cell < grid * grid; cell++) {
            area += t[ch * grid * grid + cell] * cellArea;
          }
          assertThat(area)
              .as("channel %d of a %dx%d map on G=%d", ch, rows, cols, grid)
              .isCloseTo(counts[ch], within(1e-4 + 1e-6 * counts[ch]));
        }
        for (int cell = 0; cell < grid * grid; cell++) {
          float sum = t[cell] + t[grid * grid + cell] + t[2 * grid * grid + cell];
          assertThat(sum).isCloseTo(1f, within(1e-5f));
        }
      }
    }
  }

  @Test
  void aOneDieScratchOnAWideMapSurvivesAsAFaintLine() {
    WaferMapTensor resampler = new WaferMapTensor(8);
    byte[] dies = new byte[64 * 64];
    Arrays.fill(dies, (byte) PASS);
    for (int r = 0; r < 64; r++) {
      dies[r * 64 + 20] = FAIL; // a vertical one-die scratch in column 20
    }

    float[] t = resampler.toArray(64, 64, dies);

    for (int y = 0; y < 8; y++) {
      assertThat(at(t, 8, FAIL, y, 2)).isEqualTo(1f / 8);
      assertThat(at(t, 8, FAIL, y, 3)).isZero();
    }
  }

  @Test
  void writingToABufferPutsTheSameTensorAtItsPositionAndAdvancesIt() {
    WaferMapTensor resampler = new WaferMapTensor(8);
    byte[] dies = {0, 1, 2, 1};
    FloatBuffer buffer = FloatBuffer.allocate(2 * resampler.size());
    buffer.position(resampler.size());

    resampler.write(2, 2, dies, buffer);

    assertThat(buffer.position()).isEqualTo(2 * resampler.size());
    float[] written = new float[resampler.size()];
    buffer.position(resampler.size());
    buffer.get(written);
    assertThat(written).containsExactly(resampler.toArray(2, 2, dies));
    assertThat(resampler.size()).isEqualTo(3 * 8 * 8);
    assertThat(resampler.grid()).isEqualTo(8);
  }

  @Test
  void anUnknownDieCodeIsRejectedNamingTheCode() {
    WaferMapTensor resampler = new WaferMapTensor(8);

    assertThatThrownBy(() -> resampler.toArray(2, 2, new byte[] {0, 1, 3, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("die code 3")
        .hasMessageContaining("0, 1 or 2");
    assertThatThrownBy(() -> resampler.toArray(2, 2, new byte[] {0, 1, -1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("die code -1");
  }

  @Test
  void aDieArrayOfTheWrongLengthIsRejectedWithBothSizes() {
    WaferMapTensor resampler = new WaferMapTensor(8);

    assertThatThrownBy(() -> resampler.toArray(3, 4, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3x4")
        .hasMessageContaining("needs 12 dies, got 11");
    assertThatThrownBy(() -> resampler.toArray(0, 4, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> resampler.write(2, 2, new byte[5], FloatBuffer.allocate(resampler.size())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gridsOutsideEightTo256AreRejected() {
    assertThatThrownBy(() -> new WaferMapTensor(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8..256")
        .hasMessageContaining("7");
    assertThatThrownBy(() -> new WaferMapTensor(257))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("257");
    assertThat(new WaferMapTensor(8).grid()).isEqualTo(8);
    assertThat(new WaferMapTensor(256).size()).isEqualTo(3 * 256 * 256);
  }

  @Test
  void resamplingOneAxisAtATimeMatchesTheAreaOfEveryDieUnderEachCell() {
    Random rng = new Random(11);
    int grid = 64;
    WaferMapTensor resampler = new WaferMapTensor(grid);
    for (int[] shape : new int[][] {{26, 26}, {37, 53}, {212, 204}, {15, 22}, {64, 64}}) {
      int rows = shape[0];
      int cols = shape[1];
      byte[] dies = new byte[rows * cols];
      for (int k = 0; k < dies.length; k++) {
        dies[k] = (byte) rng.nextInt(3);
      }
      float[] t = resampler.toArray(rows, cols, dies);
      double[] expected = areaUnderEachCell(rows, cols, dies, grid);
      for (int k = 0; k < t.length; k++) {
        assertThat((double) t[k])
            .as("%dx%d value %d", rows, cols, k)
            .isCloseTo(expected[k], within(1e-6));
      }
    }
  }

  @Test
  void writingIntoABatchBufferPutsTheMapAtItsPositionAndAdvancesIt() {
    WaferMapTensor resampler = new WaferMapTensor(8);
    byte[] dies = new byte[30 * 20];
    Arrays.fill(dies, 0, 300, (byte) FAIL);
    Arrays.fill(dies, 300, 600, (byte) PASS);
    FloatBuffer batch = FloatBuffer.allocate(3 * resampler.size());
    batch.position(resampler.size());

    resampler.write(30, 20, dies, batch);

    assertThat(batch.position()).isEqualTo(2 * resampler.size());
    float[] second = new float[resampler.size()];
    batch.get(resampler.size(), second);
    assertThat(second).containsExactly(resampler.toArray(30, 20, dies));
    assertThat(batch.get(0)).as("the slot before is untouched").isZero();
    assertThatThrownBy(() -> resampler.write(30, 20, dies, FloatBuffer.allocate(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("room for 10 floats");
  }

  /** The definition, cell by cell: overlap area of every die with the output cell, by code. */
  private static double[] areaUnderEachCell(int rows, int cols, byte[] dies, int grid) {
    double[] out = new double[3 * grid * grid];
    double sy = (double) rows / grid;
    double sx = (double) cols / grid;
    for (int oy = 0; oy < grid; oy++) {
      for (int ox = 0; ox < grid; ox++) {
        for (int r = 0; r < rows; r++) {
          double hy = Math.min((oy + 1) * sy, r + 1) - Math.max(oy * sy, r);
          if (hy <= 0) {
            continue;
          }
          for (int c = 0; c < cols; c++) {
            double wx = Math.min((ox + 1) * sx, c + 1) - Math.max(ox * sx, c);
            if (wx > 0) {
              out[dies[r * cols + c] * grid * grid + oy * grid + ox] += hy * wx / (sy * sx);
            }
          }
        }
      }
    }
    return out;
  }

  private static float at(float[] t, int grid, int channel, int y, int x) {
    return t[channel * grid * grid + y * grid + x];
  }
}
