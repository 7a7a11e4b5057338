package io.fabstream.drift.join;

import io.fabstream.schemas.GroundTruth;

/**
 * One record into the join: a verdict or a label, so both reach one processor, in one task, with
 * the state of their subject.
 *
 * @param verdict a model's verdict, or null
 * @param label a label, or null
 */
public record JoinInput(Verdict verdict, GroundTruth label) {

  public JoinInput {
    if ((verdict == null) == (label == null)) {
      throw new IllegalArgumentException("a join input is a verdict or a label, exactly one");
    }
  }

  static JoinInput of(Verdict verdict) {
    return new JoinInput(verdict, null);
  }

  static JoinInput of(GroundTruth label) {
    return new JoinInput(null, label);
  }
}
