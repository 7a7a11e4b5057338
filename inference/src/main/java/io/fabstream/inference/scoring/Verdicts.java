package io.fabstream.inference.scoring;

/** Where a batch's outcomes go: one call per input, in input order. */
public interface Verdicts<O> {

  /** Input {@code index} of the batch was scored. */
  void prediction(int index, O prediction);

  /** Input {@code index} of the batch is malformed for this model: a dead letter. */
  void unscorable(int index, String reasonCode, String reason);

  /**
   * Input {@code index} is well formed but outside this model's scope (a window of a tool type
   * whose sensors another model reads): no prediction and no dead letter, only a count.
   */
  void outOfScope(int index, String reason);
}
