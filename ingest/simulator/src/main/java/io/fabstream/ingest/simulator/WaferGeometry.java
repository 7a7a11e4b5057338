package io.fabstream.ingest.simulator;

/**
 * Where each die of a product's grid sits on the round wafer: whether it is on the wafer at all
 * (inside the circle and the edge exclusion) and its radius and angle relative to the usable area.
 * Map generation draws patterns in these coordinates, and tests measure them the same way.
 */
public final class WaferGeometry {

  private final int rows;
  private final int cols;
  private final double usableRadius;
  private final boolean[] onWafer;
  private final double[] radius;
  private final double[] angle;

  /** The geometry of {@code product}'s grid. */
  public WaferGeometry(ProductSpec product) {
    this.rows = product.rows();
    this.cols = product.cols();
    double halfRows = rows / 2.0;
    double halfCols = cols / 2.0;
    this.usableRadius = 1.0 - product.edgeExclusionDies() / (Math.min(rows, cols) / 2.0);
    int n = rows * cols;
    onWafer = new boolean[n];
    radius = new double[n];
    angle = new double[n];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double x = (c + 0.5 - halfCols) / halfCols;
        double y = (r + 0.5 - halfRows) / halfRows;
        double rho = Math.hypot(x, y);
        int i = r * cols + c;
        onWafer[i] = rho <= usableRadius;
        radius[i] = rho / usableRadius;
        angle[i] = Math.atan2(y, x);
      }
    }
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Dies in the grid, on or off the wafer. */
  public int size() {
    return rows * cols;
  }

  /** Whether die {@code i} (row-major) is a tested die. */
  public boolean onWafer(int i) {
    return onWafer[i];
  }

  /**
   * Distance of die {@code i} from the centre: 0 at the centre, 1 at the edge of the usable area.
   */
  public double radius(int i) {
    return radius[i];
  }

  /** Angle of die {@code i} around the centre, in radians (-pi..pi). */
  public double angle(int i) {
    return angle[i];
  }

  /** Usable radius in dies along the shorter grid side. */
  public double radiusInDies() {
    return usableRadius * Math.min(rows, cols) / 2.0;
  }
}
