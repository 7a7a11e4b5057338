package io.fabstream.inference.scoring;

import io.fabstream.inference.runtime.ModelRunner;
import java.util.List;

/**
 * One loaded model version turning a batch of decoded inputs into predictions: the model-specific
 * half of scoring (tensor layout, output columns, prediction record). It owns its runner.
 *
 * @param <I> decoded input
 * @param <O> prediction record
 */
public interface BatchScorer<I, O> extends AutoCloseable {

  /** The runner doing the work (model version, engine, device). */
  ModelRunner runner();

  /**
   * Scores a batch of at most the size the scorer was opened for.
   *
   * @param shadow whether the verdicts are a challenger's, for the shadow topic
   */
  void score(List<Pending<I>> batch, boolean shadow, Verdicts<O> verdicts);

  @Override
  void close();
}
