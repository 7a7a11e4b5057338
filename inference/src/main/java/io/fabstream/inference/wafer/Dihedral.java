package io.fabstream.inference.wafer;

/**
 * The eight rotations and reflections of a square grid. Every WM-811K pattern keeps its class under
 * them (a scratch stays a scratch, an edge-ring stays a ring), so they multiply rare classes
 * without inventing new kinds of wafer.
 */
public final class Dihedral {

  private Dihedral() {}

  /**
   * Writes transform {@code t} (0 = identity, 1..3 = rotations by 90°, 4..7 = the same after a
   * horizontal flip) of a channel-major {@code C x G x G} tensor into {@code out}.
   */
  public static void apply(int t, float[] in, float[] out, int channels, int grid) {
    if (t < 0 || t > 7) {
      throw new IllegalArgumentException("dihedral transform must be 0..7, got " + t);
    }
    int plane = grid * grid;
    int last = grid - 1;
    for (int ch = 0; ch < channels; ch++) {
      int base = ch * plane;
      for (int y = 0; y < grid; y++) {
        for (int x = 0; x < grid; x++) {
          int sx = t >= 4 ? last - x : x;
          int sy = y;
          int ry;
          int rx;
          switch (t & 3) {
            case 0 -> {
              ry = sy;
              rx = sx;
            }
            case 1 -> {
              ry = sx;
              rx = last - sy;
            }
            case 2 -> {
              ry = last - sy;
              rx = last - sx;
            }
            default -> {
              ry = last - sx;
              rx = sy;
            }
          }
          out[base + ry * grid + rx] = in[base + y * grid + x];
        }
      }
    }
  }
}
