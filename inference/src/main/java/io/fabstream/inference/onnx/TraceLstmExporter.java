package io.fabstream.inference.onnx;

import ai.djl.nn.Block;
import io.fabstream.inference.trace.TraceLstm;
import io.fabstream.inference.trace.TraceLstmBlockAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link TraceLstm} as an ONNX graph with ONNX's own {@code LSTM} operator.
 * PyTorch (and so DJL) stores the four gates in the order input, forget, cell, output; ONNX wants
 * input, output, forget, cell, so the gate blocks of every weight and bias are reordered here, and
 * ONNX's {@code B} is the input-side bias followed by the recurrent bias. The graph accepts any
 * window length.
 *
 * <p>Input {@code input} {@code [batch, time, S]}; output {@code scores} {@code [batch, 3]}:
 * softmax over (normal, fault), then the mean squared one-step forecast error. A bag ({@link
 * io.fabstream.inference.trace.TraceBagBlock}) is one graph: every member's subgraph on the same
 * input, and the mean of their probabilities and of their errors.
 */
public final class TraceLstmExporter {

  private TraceLstmExporter() {}

  public static byte[] export(TraceLstm net, Block block, String version) {
    OnnxGraph g = new OnnxGraph("trace-lstm");
    String input = g.input("input", List.of("batch", "time", (long) net.sensors()));
    String xt = g.node("Transpose", List.of(input), Map.of("perm", new long[] {1, 0, 2}));
    // channels first for the convolutional branch, when the cell has one
    String xc =
        net.cell().equals("lstm-fcn")
            ? g.node("Transpose", List.of(input), Map.of("perm", new long[] {0, 2, 1}))
            : null;
    if (net.members() == 1) {
      List<String> out = member(g, net, block, xt, xc, "");
      g.node("Concat", out, Map.of("axis", 1L));
    } else {
      // a bag: every member on the same input, probabilities and anomaly scores averaged
      List<Block> members = TraceLstmBlockAccess.members(block);
      if (members.size() != net.members()) {
        throw new IllegalArgumentException(
            "the block has " + members.size() + " members, the network " + net.members());
      }
      List<String> probabilities = new ArrayList<>();
      List<String> anomalies = new ArrayList<>();
      for (int m = 0; m < members.size(); m++) {
        List<String> out = member(g, net, members.get(m), xt, xc, "member" + m + ".");
        probabilities.add(out.get(0));
        anomalies.add(out.get(1));
      }
      String p = g.node("Mean", probabilities, Map.of());
      String a = g.node("Mean", anomalies, Map.of());
      g.node("Concat", List.of(p, a), Map.of("axis", 1L));
    }
    g.nameLastOutput("scores");
    g.output("scores", List.of("batch", 3L));
    return g.toBytes(
        version, "fabstream sensor-window fault classifier and forecast anomaly score");
  }

  /**
   * One network on the time-major input {@code xt}; returns its probabilities {@code [N, 2]} and
   * its anomaly column {@code [N, 1]}. {@code xc} is the channels-first input of the convolutional
   * branch (null without one). Every weight and constant name starts with {@code prefix}, so the
   * members of a bag do not collide.
   */
  private static List<String> member(
      OnnxGraph g, TraceLstm net, Block block, String xt, String xc, String prefix) {
    Block lstm = TraceLstmBlockAccess.lstm(block);
    Block classifier = TraceLstmBlockAccess.classifier(block);
    Block forecaster = TraceLstmBlockAccess.forecaster(block);
    int h = net.hidden();
    int s = net.sensors();
    boolean gru = net.cell().equals("gru");
    int gates = gru ? 3 : 4;
    String cell = prefix + (gru ? "gru" : "lstm");
    float[] w = reorder(DjlWeights.floats(lstm, "l_0_i2h_WEIGHT"), h, s, gru);
    float[] r = reorder(DjlWeights.floats(lstm, "l_0_h2h_WEIGHT"), h, h, gru);
    float[] bi = reorder(DjlWeights.floats(lstm, "l_0_i2h_BIAS"), h, 1, gru);
    float[] bh = reorder(DjlWeights.floats(lstm, "l_0_h2h_BIAS"), h, 1, gru);
    float[] b = new float[2 * gates * h];
    System.arraycopy(bi, 0, b, 0, gates * h);
    System.arraycopy(bh, 0, b, gates * h, gates * h);
    Map<String, Object> attributes =
        gru
            // PyTorch applies the reset gate after the recurrent product: ONNX's
            // linear_before_reset=1
            ? Map.of("hidden_size", (long) h, "linear_before_reset", 1L)
            : Map.of("hidden_size", (long) h);
    List<String> lstmOut =
        g.node(
            gru ? "GRU" : "LSTM",
            List.of(
                xt,
                g.weights(cell + ".W", w, 1, (long) gates * h, s),
                g.weights(cell + ".R", r, 1, (long) gates * h, h),
                g.weights(cell + ".B", b, 1, 2L * gates * h)),
            2,
            attributes);
    // classifier on [last state, mean over time, max over time]
    String axis1 = g.longs(prefix + "axis1", 1);
    String states = g.node("Squeeze", List.of(lstmOut.get(0), axis1), Map.of());
    String last =
        g.node("Squeeze", List.of(lstmOut.get(1), g.longs(prefix + "axis0", 0)), Map.of());
    String mean =
        g.node("ReduceMean", List.of(states), Map.of("axes", new long[] {0}, "keepdims", 0L));
    String max =
        g.node("ReduceMax", List.of(states), Map.of("axes", new long[] {0}, "keepdims", 0L));
    List<String> parts = new ArrayList<>(List.of(last, mean, max));
    long summaryWidth = 3L * h;
    Block[] convolutions = TraceLstmBlockAccess.convolutions(block);
    if (convolutions.length > 0) {
      parts.add(convolutionBranch(g, convolutions, xc, h, s, prefix));
      summaryWidth += h;
    }
    String summary = g.node("Concat", parts, Map.of("axis", 1L));
    String logits =
        g.node(
            "Gemm",
            List.of(
                summary,
                g.weights(
                    prefix + "classifier.weight",
                    DjlWeights.floats(classifier, "weight"),
                    2,
                    summaryWidth),
                g.weights(prefix + "classifier.bias", DjlWeights.floats(classifier, "bias"), 2)),
            Map.of("transB", 1L));
    String probabilities = g.node("Softmax", List.of(logits), Map.of("axis", 1L));
    // one-step forecast error over the window
    float[] fw = DjlWeights.floats(forecaster, "weight");
    float[] fwT = new float[fw.length];
    for (int o = 0; o < s; o++) {
      for (int i = 0; i < h; i++) {
        fwT[i * s + o] = fw[o * h + i];
      }
    }
    String next =
        g.node(
            "Add",
            List.of(
                g.node(
                    "MatMul",
                    List.of(states, g.weights(prefix + "forecaster.weightT", fwT, h, s)),
                    Map.of()),
                g.weights(prefix + "forecaster.bias", DjlWeights.floats(forecaster, "bias"), s)),
            Map.of());
    String sliceAxis = g.longs(prefix + "sliceAxis", 0);
    String predicted =
        g.node(
            "Slice",
            List.of(
                next, g.longs(prefix + "start0", 0), g.longs(prefix + "endLast", -1), sliceAxis),
            Map.of());
    String actual =
        g.node(
            "Slice",
            List.of(
                xt,
                g.longs(prefix + "start1", 1),
                g.longs(prefix + "endMax", Long.MAX_VALUE),
                sliceAxis),
            Map.of());
    String error = g.node("Sub", List.of(predicted, actual), Map.of());
    String squared = g.node("Mul", List.of(error, error), Map.of());
    String anomaly =
        g.node("ReduceMean", List.of(squared), Map.of("axes", new long[] {0, 2}, "keepdims", 0L));
    String column = g.node("Unsqueeze", List.of(anomaly, axis1), Map.of());
    return List.of(probabilities, column);
  }

  /**
   * The LSTM-FCN branch: each 1-D convolution (same padding) and its ReLU on {@code [N, C, T]},
   * then the mean over time, {@code [N, H]}. DJL's and ONNX's convolution weights share one layout,
   * {@code [filters, channels, kernel]}.
   */
  private static String convolutionBranch(
      OnnxGraph g, Block[] convolutions, String xc, int h, int s, String prefix) {
    String features = xc;
    long channels = s;
    for (int i = 0; i < convolutions.length; i++) {
      long k = TraceLstmBlockAccess.kernel(i);
      String name = prefix + "conv" + i;
      String conv =
          g.node(
              "Conv",
              List.of(
                  features,
                  g.weights(
                      name + ".weight",
                      DjlWeights.floats(convolutions[i], "weight"),
                      h,
                      channels,
                      k),
                  g.weights(name + ".bias", DjlWeights.floats(convolutions[i], "bias"), h)),
              Map.of("kernel_shape", new long[] {k}, "pads", new long[] {k / 2, k / 2}));
      features = g.node("Relu", List.of(conv), Map.of());
      channels = h;
    }
    return g.node("ReduceMean", List.of(features), Map.of("axes", new long[] {2}, "keepdims", 0L));
  }

  /**
   * PyTorch gate blocks into ONNX order: LSTM (i, f, g, o) to (i, o, f, c); GRU (r, z, n) to (z, r,
   * h).
   */
  static float[] reorder(float[] pytorch, int h, int cols, boolean gru) {
    int block = h * cols;
    float[] onnx = new float[pytorch.length];
    int[] from = gru ? new int[] {1, 0, 2} : new int[] {0, 3, 1, 2};
    for (int gate = 0; gate < from.length; gate++) {
      System.arraycopy(pytorch, from[gate] * block, onnx, gate * block, block);
    }
    return onnx;
  }
}
