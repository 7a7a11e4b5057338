package io.fabstream.inference.trace;

import ai.djl.nn.Block;

/** Gives the ONNX writer the layers of a {@link TraceLstmBlock} without widening its API. */
public final class TraceLstmBlockAccess {

  private TraceLstmBlockAccess() {}

  public static Block lstm(Block block) {
    return cast(block).lstm();
  }

  public static Block classifier(Block block) {
    return cast(block).classifier();
  }

  public static Block forecaster(Block block) {
    return cast(block).forecaster();
  }

  /** The convolutional branch's layers, first first (empty unless the cell is lstm-fcn). */
  public static Block[] convolutions(Block block) {
    return cast(block).convolutions();
  }

  /** Kernel width of the convolutional branch's layer {@code i}. */
  public static int kernel(int i) {
    return TraceLstmBlock.KERNELS[i];
  }

  /** The members of a {@link TraceBagBlock}. */
  public static java.util.List<Block> members(Block block) {
    if (!(block instanceof TraceBagBlock bag)) {
      throw new IllegalArgumentException(
          "not a bag of trace networks: " + block.getClass().getName());
    }
    return bag.members();
  }

  private static TraceLstmBlock cast(Block block) {
    if (!(block instanceof TraceLstmBlock b)) {
      throw new IllegalArgumentException("not a trace LSTM block: " + block.getClass().getName());
    }
    return b;
  }
}
