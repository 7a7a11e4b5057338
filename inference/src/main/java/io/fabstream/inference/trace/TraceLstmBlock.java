package io.fabstream.inference.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
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
 * <p>With the {@code lstm-fcn} cell a second, convolutional reading of the same window sits beside
 * the LSTM (the shape of Karim et al.'s LSTM-FCN): three 1-D convolutions over time (kernels 7, 5
 * and 3, as many filters as hidden units, ReLU, same padding) whose time-averaged output joins the
 * classifier's summary. A convolution sees a short excursion's shape wherever it falls in the run;
 * the recurrent state has to carry it to the end.
 *
 * <p>Input {@code [N, T, S]} (batch first); outputs {@code logits [N, 2]} and {@code anomaly [N]}.
 */
public final class TraceLstmBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final RecurrentBlock lstm;
  private final Linear classifier;
  private final Linear forecaster;
  private final Conv1d[] convolutions;
  private final int sensors;

  /** Kernel widths of the convolutional branch, first layer first. */
  static final int[] KERNELS = {7, 5, 3};

  /** A block for {@code sensors} inputs and {@code hidden} LSTM units. */
  public TraceLstmBlock(int sensors, int hidden) {
    this(sensors, hidden, "lstm");
  }

  /**
   * The same with another {@code cell}: {@code lstm}, {@code gru} (a GRU layer instead, for
   * comparison) or {@code lstm-fcn} (the LSTM plus the convolutional branch).
   */
  public TraceLstmBlock(int sensors, int hidden, String cell) {
    super(VERSION);
    this.sensors = sensors;
    boolean gru = cell.equals("gru");
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
    if (cell.equals("lstm-fcn")) {
      convolutions = new Conv1d[KERNELS.length];
      for (int i = 0; i < KERNELS.length; i++) {
        convolutions[i] =
            addChildBlock(
                "conv" + i,
                Conv1d.builder()
                    .setKernelShape(new Shape(KERNELS[i]))
                    .optPadding(new Shape(KERNELS[i] / 2))
                    .setFilters(hidden)
                    .build());
      }
    } else {
      convolutions = new Conv1d[0];
    }
  }

  /** The convolutional branch's layers (none unless the cell is {@code lstm-fcn}). */
  Conv1d[] convolutions() {
    return convolutions.clone();
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
    if (convolutions.length > 0) {
      NDArray features = x.transpose(0, 2, 1);
      for (Conv1d conv : convolutions) {
        features = Activation.relu(conv.forward(store, new NDList(features), training).head());
      }
      summary = summary.concat(features.mean(new int[] {2}), 1);
    }
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
    long channels = in.get(2);
    for (Conv1d conv : convolutions) {
      Shape convIn = new Shape(in.get(0), channels, in.get(1));
      conv.initialize(manager, dataType, convIn);
      channels = conv.getOutputShapes(new Shape[] {convIn})[0].get(1);
    }
    long convFeatures = convolutions.length > 0 ? channels : 0;
    classifier.initialize(manager, dataType, new Shape(in.get(0), 3 * hidden + convFeatures));
    forecaster.initialize(manager, dataType, new Shape(in.get(0), in.get(1), hidden));
  }
}
