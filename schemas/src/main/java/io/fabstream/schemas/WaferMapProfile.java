package io.fabstream.schemas;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A wafer map reduced to the few numbers a process engineer reads first: die yield, how clustered
 * the failures are, and the fail rate from the wafer's centre to its edge. The wafer CNN sees the
 * whole map, but these are what drift is judged on: one place computes them for training (the
 * reference saved with the model) and for the stream, so the two cannot disagree.
 *
 * <p>Features, all in [0, 1] and NaN where undefined (a ring with no dies, clustering with no
 * failures):
 *
 * <ul>
 *   <li>{@code die_yield}: passing dies over dies on the wafer;
 *   <li>{@code fail_clustering}: share of failing dies with at least two failing neighbours (of
 *       eight): near 0.1 for scattered random failures, near 1 for scratches, rings and blobs;
 *   <li>{@code radial_fail_0} .. {@code radial_fail_3}: fail rate in four rings of equal width,
 *       from the centre ({@code 0}) to the edge ({@code 3}), the radius measured from the grid's
 *       centre and scaled so that the farthest die is at 1.
 * </ul>
 */
public final class WaferMapProfile {

  /** Rings of the radial profile. */
  public static final int RINGS = 4;

  /** Feature names, in order. */
  public static final java.util.List<String> FEATURES =
      java.util.List.of(
          "die_yield",
          "fail_clustering",
          "radial_fail_0",
          "radial_fail_1",
          "radial_fail_2",
          "radial_fail_3");

  private WaferMapProfile() {}

  /** Whether a map record's grid holds exactly rows x cols dies, as {@link #of(WaferMap)} needs. */
  public static boolean fits(WaferMap map) {
    return map.getDies() != null
        && map.getRows() > 0
        && map.getCols() > 0
        && (long) map.getRows() * map.getCols() == map.getDies().remaining();
  }

  /** The profile of a map record. */
  public static Map<String, Double> of(WaferMap map) {
    ByteBuffer buffer = map.getDies().duplicate();
    byte[] dies = new byte[buffer.remaining()];
    buffer.get(dies);
    return of(map.getRows(), map.getCols(), dies);
  }

  /**
   * The profile of a die grid.
   *
   * @param rows die rows
   * @param cols die columns
   * @param dies row-major codes: 0 no die, 1 pass, 2 fail (others count as no die)
   * @return the features by name, in {@link #FEATURES} order
   * @throws IllegalArgumentException if the grid does not hold rows*cols dies
   */
  public static Map<String, Double> of(int rows, int cols, byte[] dies) {
    if (rows < 1 || cols < 1 || (long) rows * cols != dies.length) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + "x"
              + cols
              + " wafer map needs "
              + (long) rows * cols
              + " dies, got "
              + dies.length);
    }
    double cy = (rows - 1) / 2.0;
    double cx = (cols - 1) / 2.0;
    double maxR = 0;
    int pass = 0;
    int fail = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        byte d = dies[r * cols + c];
        if (d == 1 || d == 2) {
          maxR = Math.max(maxR, Math.hypot(r - cy, c - cx));
          if (d == 1) {
            pass++;
          } else {
            fail++;
          }
        }
      }
    }
    int[] ringDies = new int[RINGS];
    int[] ringFails = new int[RINGS];
    int clustered = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        byte d = dies[r * cols + c];
        if (d != 1 && d != 2) {
          continue;
        }
        double radius = maxR == 0 ? 0 : Math.hypot(r - cy, c - cx) / maxR;
        int ring = Math.min(RINGS - 1, (int) (radius * RINGS));
        ringDies[ring]++;
        if (d == 2) {
          ringFails[ring]++;
          if (failingNeighbours(rows, cols, dies, r, c) >= 2) {
            clustered++;
          }
        }
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    int onWafer = pass + fail;
    out.put("die_yield", onWafer == 0 ? Double.NaN : (double) pass / onWafer);
    out.put("fail_clustering", fail == 0 ? Double.NaN : (double) clustered / fail);
    for (int i = 0; i < RINGS; i++) {
      out.put(
          "radial_fail_" + i, ringDies[i] == 0 ? Double.NaN : (double) ringFails[i] / ringDies[i]);
    }
    return out;
  }

  private static int failingNeighbours(int rows, int cols, byte[] dies, int r, int c) {
    int n = 0;
    for (int dr = -1; dr <= 1; dr++) {
      for (int dc = -1; dc <= 1; dc++) {
        int rr = r + dr;
        int cc = c + dc;
        if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
          if (dies[rr * cols + cc] == 2) {
            n++;
          }
        }
      }
    }
    return n;
  }
}
