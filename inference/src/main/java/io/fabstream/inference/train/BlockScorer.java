package io.fabstream.inference.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.fabstream.inference.network.Network;

/** Scores a set with an in-memory trained block, in inference mode, before it is published. */
public final class BlockScorer {

  private BlockScorer() {}

  /** One output row (probabilities, then any score) per item. */
  public static float[][] scores(
      Model model, Network network, LabelledTensors data, int batchSize) {
    float[][] rows = new float[data.size()][];
    ParameterStore store = new ParameterStore(model.getNDManager(), false);
    Shape item = new Shape(data.shape());
    int size = data.itemSize();
    for (int from = 0; from < data.size(); from += batchSize) {
      int n = Math.min(batchSize, data.size() - from);
      float[] batch = new float[n * size];
      for (int i = 0; i < n; i++) {
        System.arraycopy(data.inputs().get(from + i), 0, batch, i * size, size);
      }
      try (NDManager manager = model.getNDManager().newSubManager()) {
        NDArray x = manager.create(batch, new Shape(n).addAll(item));
        NDList out = model.getBlock().forward(store, new NDList(x), false);
        float[] flat = network.scores(out).toFloatArray();
        int width = flat.length / n;
        for (int i = 0; i < n; i++) {
          rows[from + i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
      }
    }
    return rows;
  }

  /** Index of the largest of the first {@code classes} values of each row. */
  public static int[] argMax(float[][] rows, int classes) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (rows[i][c] > rows[i][best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }
}
