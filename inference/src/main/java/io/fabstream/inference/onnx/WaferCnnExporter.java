package io.fabstream.inference.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.fabstream.inference.wafer.WaferCnn;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link WaferCnn} block as an ONNX graph: {@code Conv → BatchNormalization → Relu
 * → MaxPool} per stage, {@code Flatten}, {@code Gemm}, {@code Softmax}. Input {@code input} is
 * {@code [batch, 3, G, G]}; output {@code scores} is {@code [batch, 9]} class probabilities.
 * Dropout is left out: it is the identity at inference.
 */
public final class WaferCnnExporter {

  /** Graph input name. */
  public static final String INPUT = "input";

  /** Graph output name. */
  public static final String OUTPUT = "scores";

  private WaferCnnExporter() {}

  private static String lastOp(OnnxGraph g) {
    return g.lastOp();
  }

  public static byte[] export(WaferCnn cnn, SequentialBlock block, String version) {
    OnnxGraph g = new OnnxGraph("wafer-cnn");
    String x = g.input(INPUT, List.of("batch", 3L, (long) cnn.grid(), (long) cnn.grid()));
    int conv = 0;
    int linear = 0;
    String previous = "";
    for (var child : block.getChildren()) {
      Block b = child.getValue();
      String p = child.getKey();
      if (b instanceof Conv2d) {
        long[] shape = DjlWeights.shape(b, "weight");
        String w = g.weights(p + ".weight", DjlWeights.floats(b, "weight"), shape);
        String bias = g.weights(p + ".bias", DjlWeights.floats(b, "bias"), shape[0]);
        x =
            g.node(
                "Conv",
                List.of(x, w, bias),
                Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
        conv++;
      } else if (b instanceof BatchNorm) {
        long c = DjlWeights.shape(b, "gamma")[0];
        x =
            g.node(
                "BatchNormalization",
                List.of(
                    x,
                    g.weights(p + ".gamma", DjlWeights.floats(b, "gamma"), c),
                    g.weights(p + ".beta", DjlWeights.floats(b, "beta"), c),
                    g.weights(p + ".mean", DjlWeights.floats(b, "runningMean"), c),
                    g.weights(p + ".var", DjlWeights.floats(b, "runningVar"), c)),
                Map.of("epsilon", WaferCnn.BN_EPSILON));
      } else if (b instanceof Linear) {
        long[] shape = DjlWeights.shape(b, "weight");
        x =
            g.node(
                "Gemm",
                List.of(
                    x,
                    g.weights(p + ".weight", DjlWeights.floats(b, "weight"), shape),
                    g.weights(p + ".bias", DjlWeights.floats(b, "bias"), shape[0])),
                Map.of("transB", 1L));
        linear++;
      } else if (b instanceof ai.djl.nn.LambdaBlock) {
        // Lambda layers carry no name of their own; WaferCnn.build() fixes their order:
        // ReLU after each batch-norm, max-pool after each ReLU, flatten after the last stage.
        switch (previous) {
          case "BatchNormalization" -> x = g.node("Relu", List.of(x), Map.of());
          case "Relu" ->
              x =
                  g.node(
                      "MaxPool",
                      List.of(x),
                      Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
          case "MaxPool" -> x = g.node("Flatten", List.of(x), Map.of("axis", 1L));
          default ->
              throw new IllegalArgumentException("unexpected layer " + p + " after " + previous);
        }
      } else if (!(b instanceof ai.djl.nn.norm.Dropout)) {
        throw new IllegalArgumentException(
            "cannot export wafer CNN layer " + p + " (" + b.getClass().getSimpleName() + ")");
      }
      previous = lastOp(g);
    }
    if (conv != cnn.widths().size() || linear != 1) {
      throw new IllegalArgumentException(
          "block does not match the architecture: "
              + conv
              + " convolutions, "
              + linear
              + " linear layers");
    }
    g.node("Softmax", List.of(x), Map.of("axis", 1L));
    g.nameLastOutput(OUTPUT);
    g.output(OUTPUT, List.of("batch", 9L));
    return g.toBytes(version, "fabstream wafer-map pattern classifier (WM-811K classes)");
  }
}
