package io.fabstream.schemas;

import java.util.Locale;

/**
 * The nine WM-811K wafer-map classes, in the dataset's label-code order: one taxonomy for the
 * simulator's maps, the replayed labels and the wafer CNN's outputs (which follow this order), so a
 * CNN trained on the real WM-811K scores simulated maps and its verdicts are checked against the
 * same labels.
 */
public enum DefectPattern {
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

  DefectPattern(String label) {
    this.label = label;
  }

  /** The WM-811K class name, used as the ground-truth label. */
  public String label() {
    return label;
  }

  /** Class names in output order. */
  public static java.util.List<String> labels() {
    return java.util.Arrays.stream(values()).map(DefectPattern::label).toList();
  }

  /** The pattern with this WM-811K class name (case-insensitive). */
  public static DefectPattern fromLabel(String label) {
    for (DefectPattern p : values()) {
      if (p.label.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown WM-811K class '" + label + "'");
  }
}
