package io.fabstream.inference.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import io.fabstream.inference.network.Network;
import io.fabstream.inference.onnx.TraceLstmExporter;
import java.util.Map;

/**
 * The sensor-window model: {@link TraceLstmBlock} with {@code sensors} inputs and {@code hidden}
 * units. Its output row is {@code [p(normal), p(fault), anomaly]}.
 *
 * @param sensors S
 * @param hidden recurrent state size
 * @param cell {@code lstm}, {@code gru} (the comparison in the model card) or {@code lstm-fcn} (the
 *     LSTM with a convolutional branch beside it)
 * @param members 1 for one network, more for a {@link TraceBagBlock} of that many averaged networks
 */
public record TraceLstm(int sensors, int hidden, String cell, int members) implements Network {

  /** Architecture type in manifests. */
  public static final String TYPE = "trace-lstm";

  /** The cells a trace model can be built with. */
  public static final java.util.List<String> CELLS = java.util.List.of("lstm", "gru", "lstm-fcn");

  /** Output columns after the class probabilities. */
  public static final String ANOMALY_COLUMN = "anomaly_score";

  public TraceLstm {
    if (sensors < 1 || hidden < 1) {
      throw new IllegalArgumentException("sensors and hidden units must be positive");
    }
    if (!CELLS.contains(cell)) {
      throw new IllegalArgumentException(
          "recurrent cell must be one of " + CELLS + ", got '" + cell + "'");
    }
    if (members < 1) {
      throw new IllegalArgumentException("a trace model has at least 1 member, got " + members);
    }
  }

  /** One network. */
  public TraceLstm(int sensors, int hidden, String cell) {
    this(sensors, hidden, cell, 1);
  }

  /** The same network alone: what each member of a bag is trained as. */
  public TraceLstm member() {
    return new TraceLstm(sensors, hidden, cell, 1);
  }

  /** An LSTM network. */
  public TraceLstm(int sensors, int hidden) {
    this(sensors, hidden, "lstm");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    // a single network keeps the parameters every earlier manifest has
    return members == 1
        ? Map.of("sensors", sensors, "hidden", hidden, "cell", cell)
        : Map.of("sensors", sensors, "hidden", hidden, "cell", cell, "members", members);
  }

  @Override
  public Block build() {
    return members == 1
        ? new TraceLstmBlock(sensors, hidden, cell)
        : new TraceBagBlock(members, sensors, hidden, cell);
  }

  @Override
  public int outputSize() {
    return 3;
  }

  @Override
  public NDArray scores(NDList out) {
    return out.get(0).softmax(1).concat(out.get(1).expandDims(1), 1);
  }

  @Override
  public byte[] toOnnx(Block trained, String version) {
    return TraceLstmExporter.export(this, trained, version);
  }

  /** Multiply-adds per window of {@code length} steps. */
  public long multiplyAdds(int length) {
    int gates = cell.equals("gru") ? 3 : 4;
    long perStep = (long) gates * hidden * (sensors + hidden) + (long) hidden * sensors;
    if (cell.equals("lstm-fcn")) {
      int[] k = TraceLstmBlock.KERNELS;
      perStep += (long) hidden * (k[0] * sensors + (k[1] + k[2]) * hidden);
    }
    return members * (perStep * length + 6L * hidden);
  }
}
