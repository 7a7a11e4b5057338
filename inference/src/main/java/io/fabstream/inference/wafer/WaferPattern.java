package io.fabstream.inference.wafer;

import java.util.List;
import java.util.Locale;

/**
 * The WM-811K defect-pattern taxonomy, in the label-code order of the dataset, which is also the
 * order of the wafer CNN's outputs.
 */
public enum WaferPattern {
  CENTER("Center"),
  DONUT("Donut"),
  EDGE_LOC("Edge-Loc"),
  EDGE_RING("Edge-Ring"),
  LOC("Loc"),
  NEAR_FULL("Near-full"),
  RANDOM("Random"),
  SCRATCH("Scratch"),
  NONE("none");

  private final String label;

  WaferPattern(String label) {
    this.label = label;
  }

  /** The dataset's class name, e.g. {@code Edge-Loc}. */
  public String label() {
    return label;
  }

  /** Class names in output order. */
  public static List<String> labels() {
    return java.util.Arrays.stream(values()).map(WaferPattern::label).toList();
  }

  /** Parses a dataset class name (case-insensitive). */
  public static WaferPattern ofLabel(String label) {
    for (WaferPattern p : values()) {
      if (p.label.equalsIgnoreCase(label.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT, "unknown wafer pattern '%s'; expected one of %s", label, labels()));
  }
}
