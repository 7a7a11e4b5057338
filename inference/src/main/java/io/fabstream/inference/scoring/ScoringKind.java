package io.fabstream.inference.scoring;

import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.ModelRunner;
import java.io.Serializable;

/**
 * What is scored and with which kind of model: how input records decode, which architecture can
 * score them, and how a loaded version becomes a {@link BatchScorer}. Shipped to the task managers
 * with the job; {@link #open(String)} runs there.
 *
 * @param <I> decoded input
 * @param <O> prediction record
 */
public interface ScoringKind<I, O> extends Serializable {

  /** Short name for logs, metrics and job names: {@code wafer} or {@code window}. */
  String name();

  /** The model architecture type this kind needs ({@code wafer-cnn}, {@code trace-lstm}). */
  String architecture();

  /** Prepares decoding (the registry client) on the task manager. */
  void open(String registryUrl);

  /**
   * Decodes one record.
   *
   * @throws RuntimeException with a message fit for a dead letter, when it does not decode
   */
  I decode(SourceRecord record);

  /** The Kafka key of a prediction (the wafer or window id). */
  String key(O prediction);

  /** A scorer on {@code runner}'s model, for batches of at most {@code maxBatch}. */
  BatchScorer<I, O> scorer(ModelRunner runner, int maxBatch);

  /**
   * Checks that {@code version} can score this kind's inputs, naming what is wrong when it cannot.
   */
  default void check(ModelVersion version) {
    String type = version.manifest().architecture().type();
    if (!type.equals(architecture())) {
      throw new IllegalArgumentException(
          version.tag()
              + " is a "
              + type
              + " model; "
              + name()
              + " records need a "
              + architecture()
              + " model");
    }
  }
}
