package io.fabstream.ingest.simulator;

import java.util.Locale;

/**
 * The nine WM-811K wafer-map classes. The simulator draws its maps from these so that a CNN trained
 * on the real WM-811K can score simulated maps and its verdicts can be checked against the
 * simulator's labels.
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
