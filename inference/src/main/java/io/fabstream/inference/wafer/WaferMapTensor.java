package io.fabstream.inference.wafer;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  /** Resampling weights by source size (rows or columns). */
  private final Map<Integer, Axis> axes = new ConcurrentHashMap<>();

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
    for (byte code : dies) {
      if (code < 0 || code > 2) {
        throw new IllegalArgumentException("die code " + code + " is not 0, 1 or 2");
      }
    }
    Axis ys = axis(rows);
    Axis xs = axis(cols);
    int plane = grid * grid;
    double area = ((double) rows / grid) * ((double) cols / grid);
    for (int oy = 0; oy < grid; oy++) {
      int[] rIdx = ys.index[oy];
      double[] rW = ys.weight[oy];
      for (int ox = 0; ox < grid; ox++) {
        int[] cIdx = xs.index[ox];
        double[] cW = xs.weight[ox];
        double none = 0;
        double pass = 0;
        double fail = 0;
        for (int i = 0; i < rIdx.length; i++) {
          int rowStart = rIdx[i] * cols;
          double wy = rW[i];
          for (int j = 0; j < cIdx.length; j++) {
            double w = wy * cW[j];
            switch (dies[rowStart + cIdx[j]]) {
              case 0 -> none += w;
              case 1 -> pass += w;
              default -> fail += w;
            }
          }
        }
        int cell = oy * grid + ox;
        tensor[cell] = (float) (none / area);
        tensor[plane + cell] = (float) (pass / area);
        tensor[2 * plane + cell] = (float) (fail / area);
      }
    }
  }

  /**
   * Which source rows (or columns) each output cell covers and by how much, for one source size:
   * computed once per size, since a fab has few die-grid sizes and every map of a product shares
   * one.
   */
  private Axis axis(int n) {
    return axes.computeIfAbsent(n, size -> new Axis(size, grid));
  }

  /** Overlap of each of {@code grid} output cells with the {@code n} source cells. */
  private static final class Axis {
    final int[][] index;
    final double[][] weight;

    Axis(int n, int grid) {
      index = new int[grid][];
      weight = new double[grid][];
      double step = (double) n / grid;
      for (int o = 0; o < grid; o++) {
        double a = o * step;
        double b = a + step;
        int from = (int) a;
        int to = Math.min(n, (int) Math.ceil(b));
        int[] cells = new int[Math.max(0, to - from)];
        double[] ws = new double[cells.length];
        int k = 0;
        for (int c = from; c < to; c++) {
          double w = Math.min(b, c + 1) - Math.max(a, c);
          if (w > 0) {
            cells[k] = c;
            ws[k++] = w;
          }
        }
        index[o] = Arrays.copyOf(cells, k);
        weight[o] = Arrays.copyOf(ws, k);
      }
    }
  }
}
