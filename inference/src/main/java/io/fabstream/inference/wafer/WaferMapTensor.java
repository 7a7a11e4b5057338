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
    fill(rows, cols, dies, (offset, values) -> out.put(at + offset, values));
    out.position(at + size());
  }

  /** Returns one map's tensor as a new array. */
  public float[] toArray(int rows, int cols, byte[] dies) {
    float[] tensor = new float[size()];
    fill(rows, cols, dies, (offset, values) -> System.arraycopy(values, 0, tensor, offset, grid));
    return tensor;
  }

  /** Where each computed output row of {@code G} cells goes. */
  @FunctionalInterface
  private interface Rows {
    void put(int offset, float[] values);
  }

  /**
   * Box resampling done one axis at a time: each source row is first resampled across to {@code G}
   * columns of per-code area (one plane per code), then each output row is a weighted sum of the
   * one or few resampled source rows it covers. That reads every die once instead of once per
   * output cell it touches, adds weights without branching on the die's code, runs the second pass
   * as contiguous row loops the JIT vectorises, and writes whole rows straight into the scorer's
   * batch buffer instead of allocating a map-sized array per map.
   */
  private void fill(int rows, int cols, byte[] dies, Rows out) {
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
    Work work = work();
    int planeSize = rows * grid;
    double[] across = work.across(CHANNELS * planeSize);
    for (int r = 0; r < rows; r++) {
      int rowStart = r * cols;
      int base = r * grid;
      for (int ox = 0; ox < grid; ox++) {
        int[] cIdx = xs.index[ox];
        double[] cW = xs.weight[ox];
        for (int j = 0; j < cIdx.length; j++) {
          across[dies[rowStart + cIdx[j]] * planeSize + base + ox] += cW[j];
        }
      }
    }
    int plane = grid * grid;
    double perArea = 1 / (((double) rows / grid) * ((double) cols / grid));
    double[] sum = work.sum;
    float[] row = work.row;
    for (int c = 0; c < CHANNELS; c++) {
      int channel = c * planeSize;
      for (int oy = 0; oy < grid; oy++) {
        int[] rIdx = ys.index[oy];
        double[] rW = ys.weight[oy];
        Arrays.fill(sum, 0);
        for (int i = 0; i < rIdx.length; i++) {
          int src = channel + rIdx[i] * grid;
          double w = rW[i] * perArea;
          for (int ox = 0; ox < grid; ox++) {
            sum[ox] += w * across[src + ox];
          }
        }
        for (int ox = 0; ox < grid; ox++) {
          row[ox] = (float) sum[ox];
        }
        out.put(c * plane + oy * grid, row);
      }
    }
  }

  /** The calling thread's work areas for this grid. */
  private Work work() {
    Work w = WORK.get();
    if (w.row.length != grid) {
      w = new Work(grid);
      WORK.set(w);
    }
    return w;
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(() -> new Work(0));

  /** Per-thread scratch: resampled source rows, one output row in double and in float. */
  private static final class Work {
    final float[] row;
    final double[] sum;
    private double[] across = new double[0];

    Work(int grid) {
      row = new float[grid];
      sum = new double[grid];
    }

    /** At least {@code n} zeroed doubles. */
    double[] across(int n) {
      if (across.length < n) {
        across = new double[n];
      } else {
        Arrays.fill(across, 0, n, 0);
      }
      return across;
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
