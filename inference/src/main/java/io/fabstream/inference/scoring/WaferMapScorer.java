package io.fabstream.inference.scoring;

import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.wafer.WaferMapTensor;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores wafer maps with one CNN version: each map resampled into the batch's direct input buffer,
 * one model call per batch, one {@link WaferPrediction} per map.
 */
final class WaferMapScorer implements BatchScorer<WaferMap, WaferPrediction> {

  private final ModelRunner runner;
  private final WaferMapTensor tensor;
  private final DirectBatch batch;
  private final long[] itemShape;
  private final List<String> labels;
  private final int[] slots;

  WaferMapScorer(ModelRunner runner, int maxBatch) {
    this.runner = runner;
    Integer grid = runner.model().manifest().preprocessing().grid();
    if (grid == null) {
      throw new IllegalArgumentException(runner.model().tag() + " has no wafer grid size");
    }
    this.tensor = new WaferMapTensor(grid);
    this.labels = List.copyOf(runner.model().manifest().labels());
    if (runner.outputSize() < labels.size()) {
      throw new IllegalArgumentException(
          runner.model().tag()
              + " outputs "
              + runner.outputSize()
              + " values for "
              + labels.size()
              + " classes");
    }
    this.batch = new DirectBatch(maxBatch, tensor.size(), runner.outputSize());
    this.itemShape = new long[] {WaferMapTensor.CHANNELS, grid, grid};
    this.slots = new int[maxBatch];
  }

  @Override
  public ModelRunner runner() {
    return runner;
  }

  @Override
  public void score(
      List<Pending<WaferMap>> items, boolean shadow, Verdicts<WaferPrediction> verdicts) {
    FloatBuffer input = batch.input();
    input.clear();
    int n = 0;
    for (int i = 0; i < items.size(); i++) {
      WaferMap map = items.get(i).value();
      byte[] dies = bytes(map.getDies());
      if (map.getRows() < 1 || map.getCols() < 1 || dies.length != map.getRows() * map.getCols()) {
        verdicts.unscorable(
            i,
            "BAD_GRID",
            "map of "
                + map.getRows()
                + "x"
                + map.getCols()
                + " has "
                + dies.length
                + " dies; the CNN needs rows*cols");
        continue;
      }
      input.position(n * tensor.size());
      tensor.write(map.getRows(), map.getCols(), dies, input);
      slots[n++] = i;
    }
    if (n == 0) {
      return;
    }
    runner.run(input.rewind(), n, itemShape, batch.output());
    long done = System.nanoTime();
    Instant scoredAt = Instant.now();
    String version = String.valueOf(runner.model().manifest().version());
    for (int k = 0; k < n; k++) {
      Pending<WaferMap> item = items.get(slots[k]);
      float[] row = batch.row(k);
      List<Float> probabilities = new ArrayList<>(labels.size());
      int best = 0;
      for (int c = 0; c < labels.size(); c++) {
        probabilities.add(row[c]);
        if (row[c] > row[best]) {
          best = c;
        }
      }
      WaferMap map = item.value();
      verdicts.prediction(
          slots[k],
          WaferPrediction.newBuilder()
              .setWaferId(map.getWaferId())
              .setLot(map.getLot())
              .setTool(map.getTool())
              .setProduct(map.getProduct())
              .setInspectedAt(map.getInspectedAt())
              .setPredictedClass(labels.get(best))
              .setClasses(labels)
              .setProbabilities(probabilities)
              .setAnomalyScore(null)
              .setModel(runner.model().manifest().name())
              .setModelVersion(version)
              .setEngine(runner.engine().id())
              .setDevice(runner.device())
              .setScoringLatencyMicros((done - item.arrivalNanos()) / 1_000)
              .setScoredAt(scoredAt)
              .setLineage(item.source().lineage())
              .setShadow(shadow)
              .build());
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Override
  public void close() {
    runner.close();
  }
}
