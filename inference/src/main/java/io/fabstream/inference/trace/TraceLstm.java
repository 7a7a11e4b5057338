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
 * @param cell {@code lstm} (shipped) or {@code gru} (the comparison in the model card)
 */
public record TraceLstm(int sensors, int hidden, String cell) implements Network {

  /** Architecture type in manifests. */
  public static final String TYPE = "trace-lstm";

  /** Output columns after the class probabilities. */
  public static final String ANOMALY_COLUMN = "anomaly_score";

  public TraceLstm {
    if (sensors < 1 || hidden < 1) {
      throw new IllegalArgumentException("sensors and hidden units must be positive");
    }
    if (!cell.equals("lstm") && !cell.equals("gru")) {
      throw new IllegalArgumentException("recurrent cell must be lstm or gru, got '" + cell + "'");
    }
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
    return Map.of("sensors", sensors, "hidden", hidden, "cell", cell);
  }

  @Override
  public Block build() {
    return new TraceLstmBlock(sensors, hidden, cell.equals("gru"));
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
    return TraceLstmExporter.export(this, (TraceLstmBlock) trained, version);
  }

  /** Multiply-adds per window of {@code length} steps. */
  public long multiplyAdds(int length) {
    int gates = cell.equals("gru") ? 3 : 4;
    long perStep = (long) gates * hidden * (sensors + hidden) + (long) hidden * sensors;
    return perStep * length + 6L * hidden;
  }
}
