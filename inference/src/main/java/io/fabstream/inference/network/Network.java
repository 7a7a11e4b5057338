package io.fabstream.inference.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.trace.TraceLstm;
import io.fabstream.inference.wafer.WaferCnn;
import java.util.List;
import java.util.Map;

/**
 * A network family fabstream can train, export and run: it builds its DJL block, turns the block's
 * raw outputs into the score row both engines return, and writes its ONNX graph. The manifest's
 * {@code architecture} names one of these, so a runner can rebuild the block of any version.
 */
public interface Network {

  /** Architecture type as stored in manifests. */
  String type();

  /** Hyper-parameters as stored in manifests. */
  Map<String, Object> params();

  /** A fresh, uninitialised block. */
  Block build();

  /** Floats per output row. */
  int outputSize();

  /** The output row both engines return: class probabilities, then any score. */
  NDArray scores(NDList blockOutput);

  /** The trained block as an ONNX graph (input {@code input}, output {@code scores}). */
  byte[] toOnnx(Block trained, String version);

  /** The network a manifest describes. */
  static Network of(ModelManifest.Architecture architecture) {
    Map<String, Object> p = architecture.params();
    return switch (architecture.type()) {
      case WaferCnn.TYPE ->
          new WaferCnn(
              ((Number) p.get("grid")).intValue(),
              ((List<?>) p.get("widths")).stream().map(w -> ((Number) w).intValue()).toList(),
              ((Number) p.get("dropout")).floatValue());
      case TraceLstm.TYPE ->
          new TraceLstm(
              ((Number) p.get("sensors")).intValue(),
              ((Number) p.get("hidden")).intValue(),
              String.valueOf(p.getOrDefault("cell", "lstm")),
              ((Number) p.getOrDefault("members", 1)).intValue());
      default ->
          throw new IllegalArgumentException("unknown architecture '" + architecture.type() + "'");
    };
  }
}
