package io.fabstream.inference.wafer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.fabstream.inference.network.Network;
import io.fabstream.inference.onnx.WaferCnnExporter;
import io.fabstream.schemas.DefectPattern;
import java.util.List;
import java.util.Map;

/**
 * The wafer-map classifier: stacked {@code conv3x3 → batch-norm → ReLU → max-pool 2} stages until
 * the map is 4 x 4, then a flatten and one linear layer to the nine patterns. Flattening (rather
 * than global pooling) keeps where on the wafer the failures are, which is what separates Center,
 * Loc and Edge-Loc. It is small on purpose: a wafer is scored per record in a stream, so cost per
 * map matters as much as accuracy.
 *
 * <p>The block outputs logits; softmax is applied by the loss in training and by the exported graph
 * and the runners at scoring time.
 *
 * @param grid input grid G (a power of two, at least 8)
 * @param widths output channels of each stage; {@code G / 2^stages} must be 4
 * @param dropout dropout rate before the classifier
 */
public record WaferCnn(int grid, List<Integer> widths, float dropout) implements Network {

  /** Architecture type in manifests. */
  public static final String TYPE = "wafer-cnn";

  /** Spatial size after the last stage. */
  public static final int FINAL_SIZE = 4;

  public WaferCnn {
    widths = List.copyOf(widths);
    if (widths.isEmpty()
        || grid >> widths.size() != FINAL_SIZE
        || grid != FINAL_SIZE << widths.size()) {
      throw new IllegalArgumentException(
          "grid " + grid + " with " + widths.size() + " stages does not end at 4x4");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
  }

  /** The default architecture for a grid of 32, 64 or 128. */
  public static WaferCnn standard(int grid) {
    return switch (grid) {
      case 32 -> new WaferCnn(32, List.of(32, 64, 64), 0.3f);
      case 64 -> new WaferCnn(64, List.of(16, 32, 64, 64), 0.3f);
      case 128 -> new WaferCnn(128, List.of(8, 16, 32, 64, 64), 0.3f);
      default ->
          throw new IllegalArgumentException("no standard CNN for grid " + grid + " (32, 64, 128)");
    };
  }

  /** Epsilon of every batch-norm layer (DJL's default; the ONNX export writes the same). */
  public static final float BN_EPSILON = 1e-5f;

  /** Input shape with a batch axis of {@code n}. */
  public Shape inputShape(long n) {
    return new Shape(n, WaferMapTensor.CHANNELS, grid, grid);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    return Map.of("grid", grid, "widths", widths, "dropout", (double) dropout);
  }

  @Override
  public int outputSize() {
    return DefectPattern.values().length;
  }

  @Override
  public NDArray scores(NDList blockOutput) {
    return blockOutput.head().softmax(1);
  }

  @Override
  public byte[] toOnnx(ai.djl.nn.Block trained, String version) {
    return WaferCnnExporter.export(this, (SequentialBlock) trained, version);
  }

  /** Builds a fresh, uninitialised block. */
  @Override
  public SequentialBlock build() {
    SequentialBlock block = new SequentialBlock();
    for (int width : widths) {
      block
          .add(
              Conv2d.builder()
                  .setKernelShape(new Shape(3, 3))
                  .optPadding(new Shape(1, 1))
                  .setFilters(width)
                  .build())
          .add(BatchNorm.builder().optEpsilon(BN_EPSILON).build())
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
    block.add(Blocks.batchFlattenBlock());
    if (dropout > 0) {
      block.add(Dropout.builder().optRate(dropout).build());
    }
    block.add(Linear.builder().setUnits(DefectPattern.values().length).build());
    return block;
  }

  /** Multiply-adds per map, a proxy for streaming cost. */
  public long multiplyAdds() {
    long total = 0;
    int in = WaferMapTensor.CHANNELS;
    int size = grid;
    for (int width : widths) {
      total += (long) size * size * width * in * 9;
      in = width;
      size /= 2;
    }
    return total + (long) in * FINAL_SIZE * FINAL_SIZE * DefectPattern.values().length;
  }
}
