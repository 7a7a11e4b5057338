package io.fabstream.inference.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/** Reads a trained DJL block's parameters as float arrays for the ONNX writers. */
final class DjlWeights {

  private DjlWeights() {}

  static NDArray array(Block block, String parameter) {
    Parameter p = block.getParameters().get(parameter);
    if (p == null || !p.isInitialized()) {
      throw new IllegalArgumentException(
          block.getClass().getSimpleName()
              + " has no initialised parameter '"
              + parameter
              + "'; has "
              + block.getParameters().keys());
    }
    return p.getArray();
  }

  static float[] floats(Block block, String parameter) {
    return array(block, parameter).toFloatArray();
  }

  static long[] shape(Block block, String parameter) {
    return array(block, parameter).getShape().getShape();
  }
}
