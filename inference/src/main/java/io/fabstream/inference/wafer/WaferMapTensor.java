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
   * Writes one map's tensor (channel-major) at the buffer's position and advances it. Nothing is
   * written when the map is malformed.
   *
   * @param rows map rows
   * @param cols map columns
   * @param dies {@code rows*cols} die codes, row-major: 0 no die, 1 pass, 2 fail
   */
  public void write(int rows, int cols, byte[] dies, FloatBuffer out) {
    int at = out.position();
    if (out.remaining() < size()) {
      throw new IllegalArgumentException(
          "buffer has room for " + out.remaining() + " floats, a map needs " + size());
    }
    fill(rows, cols, dies, (cell, value) -> out.put(at + cell, value));
    out.position(at + size());
  }

  /** Returns one map's tensor as a new array. */
  public float[] toArray(int rows, int cols, byte[] dies) {
    float[] tensor = new float[size()];
    fill(rows, cols, dies, (cell, value) -> tensor[cell] = value);
    return tensor;
  }

  /** Where a computed cell goes. */
  @FunctionalInterface
  private interface Cells {
    void put(int index, float value);
  }

  /**
   * Box resampling done one axis at a time: each source row is first resampled across to {@code G}
   * columns of per-code area, then those rows are combined down. That reads every die once instead
   * of once per output cell it touches, adds weights without branching on the die's code, and
   * writes straight into the scorer's batch buffer instead of allocating a map-sized array per map.
   */
  private void fill(int rows, int cols, byte[] dies, Cells out) {
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
    double[] across = scratch(rows * grid * CHANNELS);
    for (int r = 0; r < rows; r++) {
      int rowStart = r * cols;
      int base = r * grid * CHANNELS;
      for (int ox = 0; ox < grid; ox++) {
        int[] cIdx = xs.index[ox];
        double[] cW = xs.weight[ox];
        int cell = base + ox * CHANNELS;
        for (int j = 0; j < cIdx.length; j++) {
          across[cell + dies[rowStart + cIdx[j]]] += cW[j];
        }
      }
    }
    int plane = grid * grid;
    double perArea = 1 / (((double) rows / grid) * ((double) cols / grid));
    for (int oy = 0; oy < grid; oy++) {
      int[] rIdx = ys.index[oy];
      double[] rW = ys.weight[oy];
      for (int ox = 0; ox < grid; ox++) {
        double none = 0;
        double pass = 0;
        double fail = 0;
        for (int i = 0; i < rIdx.length; i++) {
          int cell = (rIdx[i] * grid + ox) * CHANNELS;
          double w = rW[i];
          none += w * across[cell];
          pass += w * across[cell + 1];
          fail += w * across[cell + 2];
        }
        int cell = oy * grid + ox;
        out.put(cell, (float) (none * perArea));
        out.put(plane + cell, (float) (pass * perArea));
        out.put(2 * plane + cell, (float) (fail * perArea));
      }
    }
  }

  /** The calling thread's zeroed work area of at least {@code n} doubles. */
  private static double[] scratch(int n) {
    double[] a = SCRATCH.get();
    if (a.length < n) {
      a = new double[n];
      SCRATCH.set(a);
    } else {
      Arrays.fill(a, 0, n, 0);
    }
    return a;
  }

  private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

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
