package io.fabstream.drift.join;

import io.fabstream.schemas.SubjectKind;

/**
 * What a label is about, as the join keys it: a wafer's map, a wafer's run through a tool, or one
 * sensor window. The same wafer id names a map verdict and a trace verdict, so the kind is part of
 * every key.
 */
public final class SubjectKinds {

  /** A wafer's defect pattern (wafer-map models). */
  public static final String WAFER_MAP = SubjectKind.WAFER_MAP.name();

  /** A wafer's run, normal or faulty (trace models, over the wafer's step windows). */
  public static final String WAFER_TRACE = SubjectKind.WAFER_TRACE.name();

  /** One sensor window. */
  public static final String WINDOW = SubjectKind.WINDOW.name();

  private SubjectKinds() {}

  /**
   * The label in the model's class names: trace labels that name a fault (drift, spike, a LAM 9600
   * fault) mean {@code fault} to a normal/fault model; map labels are WM-811K names already.
   */
  public static String modelClass(String kind, String label) {
    if (kind.equals(WAFER_MAP)) {
      return label;
    }
    return label.equalsIgnoreCase(Verdict.NORMAL) || label.equalsIgnoreCase("none")
        ? Verdict.NORMAL
        : Verdict.FAULT;
  }
}
