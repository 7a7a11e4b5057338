package io.fabstream.inference.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A bag of {@link TraceLstmBlock}s, each trained on a different part of the labelled runs, whose
 * class probabilities and anomaly scores are averaged. With a few dozen faulty runs one network's
 * verdict on a borderline run hangs on its seed and on which runs stopped its training; the average
 * of members that saw different runs does not, and every labelled run is held out of exactly one
 * member, which gives the out-of-fold probabilities the decision threshold is set on.
 *
 * <p>Outputs as {@link TraceLstmBlock}'s: {@code [N, 2]} and {@code [N]}. The first output is the
 * logarithm of the averaged probabilities, so the softmax every trace network's scores apply gives
 * back the average itself.
 */
public final class TraceBagBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final List<Block> members = new ArrayList<>();

  /** A bag of {@code count} fresh members (the layout a published bag's parameters load into). */
  public TraceBagBlock(int count, int sensors, int hidden, String cell) {
    this(fresh(count, sensors, hidden, cell));
  }

  /** A bag of members trained on their own ({@link TraceLstmBlock}s). */
  public TraceBagBlock(List<? extends Block> trained) {
    super(VERSION);
    if (trained.size() < 2) {
      throw new IllegalArgumentException("a bag needs at least 2 members, got " + trained.size());
    }
    for (int i = 0; i < trained.size(); i++) {
      if (!(trained.get(i) instanceof TraceLstmBlock)) {
        throw new IllegalArgumentException(
            "bag member " + i + " is not a trace LSTM block: " + trained.get(i).getClass());
      }
      members.add(addChildBlock("member" + i, trained.get(i)));
    }
  }

  private static List<Block> fresh(int count, int sensors, int hidden, String cell) {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new TraceLstmBlock(sensors, hidden, cell));
    }
    return out;
  }

  /** The members, in order. */
  public List<Block> members() {
    return List.copyOf(members);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray probabilities = null;
    NDArray anomaly = null;
    for (Block member : members) {
      NDList out = member.forward(store, inputs, training);
      NDArray p = out.get(0).softmax(1);
      probabilities = probabilities == null ? p : probabilities.add(p);
      anomaly = anomaly == null ? out.get(1) : anomaly.add(out.get(1));
    }
    float k = members.size();
    return new NDList(probabilities.div(k).log(), anomaly.div(k));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return members.get(0).getOutputShapes(inputs);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block member : members) {
      member.initialize(manager, dataType, inputShapes);
    }
  }
}
