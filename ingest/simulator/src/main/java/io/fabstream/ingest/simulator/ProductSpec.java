package io.fabstream.ingest.simulator;

/**
 * A product (device) as far as wafer maps care: its die grid and how many dies at the wafer edge
 * are excluded from test. Different products give different grid sizes, as in WM-811K.
 *
 * @param name product id
 * @param rows die rows
 * @param cols die columns
 * @param edgeExclusionDies width of the untested edge band, in dies
 */
public record ProductSpec(String name, int rows, int cols, int edgeExclusionDies) {

  public ProductSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("product name must be set");
    }
    if (rows < 8 || cols < 8 || rows > 256 || cols > 256) {
      throw new IllegalArgumentException(
          "product " + name + ": die grid must be 8..256 x 8..256, got " + rows + "x" + cols);
    }
    if (edgeExclusionDies < 0 || edgeExclusionDies * 4 >= Math.min(rows, cols)) {
      throw new IllegalArgumentException(
          "product "
              + name
              + ": edge exclusion must be 0..a quarter of the smaller grid side, got "
              + edgeExclusionDies);
    }
  }
}
