package io.fabstream.inference.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One LSTM layer read two ways. Its last hidden state with the mean and maximum of all hidden
 * states feeds a linear fault classifier (logits for normal and fault); every hidden state feeds a
 * linear one-step forecaster of the next normalised sample, whose mean squared error over the
 * window is the anomaly score: a model of how this tool normally behaves, which needs no labels and
 * still rises on a fault nobody has labelled.
 *
 * <p>Input {@code [N, T, S]} (batch first); outputs {@code logits [N, 2]} and {@code anomaly [N]}.
 */
public final class TraceLstmBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final RecurrentBlock lstm;
  private final Linear classifier;
  private final Linear forecaster;
  private final int sensors;

  /** A block for {@code sensors} inputs and {@code hidden} LSTM units. */
  public TraceLstmBlock(int sensors, int hidden) {
    this(sensors, hidden, false);
  }

  /** The same with a GRU layer instead of the LSTM when {@code gru}, for comparison. */
  public TraceLstmBlock(int sensors, int hidden, boolean gru) {
    super(VERSION);
    this.sensors = sensors;
    this.lstm =
        addChildBlock(
            "lstm",
            gru
                ? GRU.builder()
                    .setStateSize(hidden)
                    .setNumLayers(1)
                    .optBatchFirst(true)
                    .optReturnState(false)
                    .build()
                : LSTM.builder()
                    .setStateSize(hidden)
                    .setNumLayers(1)
                    .optBatchFirst(true)
                    .optReturnState(false)
                    .build());
    this.classifier = addChildBlock("classifier", Linear.builder().setUnits(2).build());
    this.forecaster = addChildBlock("forecaster", Linear.builder().setUnits(sensors).build());
  }

  RecurrentBlock lstm() {
    return lstm;
  }

  Linear classifier() {
    return classifier;
  }

  Linear forecaster() {
    return forecaster;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray states = lstm.forward(store, new NDList(x), training).head();
    NDArray summary = summary(states);
    NDArray logits = classifier.forward(store, new NDList(summary), training).head();
    NDArray next = forecaster.forward(store, new NDList(states), training).head();
    NDArray error = next.get(":, :-1, :").sub(x.get(":, 1:, :"));
    NDArray anomaly = error.mul(error).mean(new int[] {2}).mean(new int[] {1});
    return new NDList(logits, anomaly);
  }

  /**
   * What the classifier sees: the last state, the mean and the maximum over time of every state
   * ({@code [N, 3H]}). The last state alone forgets an excursion early in a long run; the mean and
   * maximum keep it.
   */
  static NDArray summary(NDArray states) {
    return ai.djl.ndarray.NDArrays.concat(
        new NDList(states.get(":, -1, :"), states.mean(new int[] {1}), states.max(new int[] {1})),
        1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    long n = inputs[0].get(0);
    return new Shape[] {new Shape(n, 2), new Shape(n)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 3 || in.get(2) != sensors) {
      throw new IllegalArgumentException("expected [N, T, " + sensors + "], got " + in);
    }
    lstm.initialize(manager, dataType, in);
    Shape[] out = lstm.getOutputShapes(new Shape[] {in});
    long hidden = out[0].get(2);
    classifier.initialize(manager, dataType, new Shape(in.get(0), 3 * hidden));
    forecaster.initialize(manager, dataType, new Shape(in.get(0), in.get(1), hidden));
  }
}
