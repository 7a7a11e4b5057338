package io.fabstream.inference.wafer;

import java.nio.FloatBuffer;

/**
 * Turns a die grid of any size into the CNN's fixed {@code 3 x G x G} input. Each output cell holds
 * the area fractions of "no die", "passing die" and "failing die" under it (box resampling), so a
 * one-die scratch on a 200-column map survives as a faint line instead of vanishing, and a 26 x 26
 * map is enlarged without inventing dies. The three channels keep off-wafer cells apart from
 * passing ones, which a single grey level would not.
 */
public final class WaferMapTensor {

  /** Channels per cell: no die, pass, fail. */
  public static final int CHANNELS = 3;

  private final int grid;

  /** A resampler to {@code grid x grid}. */
  public WaferMapTensor(int grid) {
    if (grid < 8 || grid > 256) {
      throw new IllegalArgumentException("wafer grid must be within 8..256, got " + grid);
    }
    this.grid = grid;
  }

  /** G. */
  public int grid() {
    return grid;
  }

  /** Floats per map: {@code 3 * G * G}. */
  public int size() {
    return CHANNELS * grid * grid;
  }

  /**
   * Writes one map's tensor (channel-major) at the buffer's position and advances it.
   *
   * @param rows map rows
   * @param cols map columns
   * @param dies {@code rows*cols} die codes, row-major: 0 no die, 1 pass, 2 fail
   */
  public void write(int rows, int cols, byte[] dies, FloatBuffer out) {
    float[] tensor = new float[size()];
    fill(rows, cols, dies, tensor);
    out.put(tensor);
  }

  /** Returns one map's tensor as a new array. */
  public float[] toArray(int rows, int cols, byte[] dies) {
    float[] tensor = new float[size()];
    fill(rows, cols, dies, tensor);
    return tensor;
  }

  private void fill(int rows, int cols, byte[] dies, float[] tensor) {
    if (rows < 1 || cols < 1 || dies.length != rows * cols) {
      throw new IllegalArgumentException(
          "map of " + rows + "x" + cols + " needs " + rows * cols + " dies, got " + dies.length);
    }
    int plane = grid * grid;
    double sy = (double) rows / grid;
    double sx = (double) cols / grid;
    for (int oy = 0; oy < grid; oy++) {
      double y0 = oy * sy;
      double y1 = y0 + sy;
      for (int ox = 0; ox < grid; ox++) {
        double x0 = ox * sx;
        double x1 = x0 + sx;
        double[] acc = new double[CHANNELS];
        for (int r = (int) y0; r < Math.min(rows, (int) Math.ceil(y1)); r++) {
          double wy = Math.min(y1, r + 1) - Math.max(y0, r);
          if (wy <= 0) {
            continue;
          }
          for (int c = (int) x0; c < Math.min(cols, (int) Math.ceil(x1)); c++) {
            double wx = Math.min(x1, c + 1) - Math.max(x0, c);
            if (wx <= 0) {
              continue;
            }
            int code = dies[r * cols + c];
            if (code < 0 || code > 2) {
              throw new IllegalArgumentException("die code " + code + " is not 0, 1 or 2");
            }
            acc[code] += wy * wx;
          }
        }
        double area = sy * sx;
        int cell = oy * grid + ox;
        for (int ch = 0; ch < CHANNELS; ch++) {
          tensor[ch * plane + cell] = (float) (acc[ch] / area);
        }
      }
    }
  }
}
