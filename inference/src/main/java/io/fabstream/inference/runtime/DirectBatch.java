package io.fabstream.inference.runtime;

import io.fabstream.inference.train.LabelledTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A pair of reusable direct buffers sized for a maximum batch: what a scorer fills and a runner
 * reads, with no per-batch allocation.
 */
public final class DirectBatch {

  private final int maxBatch;
  private final int itemSize;
  private final int outputSize;
  private final FloatBuffer input;
  private final FloatBuffer output;

  public DirectBatch(int maxBatch, int itemSize, int outputSize) {
    if (maxBatch < 1 || itemSize < 1 || outputSize < 1) {
      throw new IllegalArgumentException("batch, item and output sizes must be positive");
    }
    this.maxBatch = maxBatch;
    this.itemSize = itemSize;
    this.outputSize = outputSize;
    this.input = floats((long) maxBatch * itemSize);
    this.output = floats((long) maxBatch * outputSize);
  }

  /** A native-order direct float buffer. */
  public static FloatBuffer floats(long n) {
    return ByteBuffer.allocateDirect(Math.toIntExact(n * Float.BYTES))
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  public int maxBatch() {
    return maxBatch;
  }

  public FloatBuffer input() {
    return input;
  }

  public FloatBuffer output() {
    return output;
  }

  /** Writes item {@code i} of the batch. */
  public void put(int i, float[] item) {
    if (item.length != itemSize) {
      throw new IllegalArgumentException(
          "item has " + item.length + " floats, expected " + itemSize);
    }
    input.put(i * itemSize, item);
  }

  /** Reads output row {@code i}. */
  public float[] row(int i) {
    float[] row = new float[outputSize];
    output.get(i * outputSize, row);
    return row;
  }

  /** Scores a whole set in batches of at most {@link #maxBatch()}; one output row per item. */
  public static float[][] scoreAll(ModelRunner runner, LabelledTensors data, int batchSize) {
    DirectBatch batch = new DirectBatch(batchSize, data.itemSize(), runner.outputSize());
    float[][] rows = new float[data.size()][];
    for (int from = 0; from < data.size(); from += batchSize) {
      int n = Math.min(batchSize, data.size() - from);
      for (int i = 0; i < n; i++) {
        batch.put(i, data.inputs().get(from + i));
      }
      runner.run(batch.input(), n, data.shape(), batch.output());
      for (int i = 0; i < n; i++) {
        rows[from + i] = batch.row(i);
      }
    }
    return rows;
  }
}
