package io.fabstream.inference.runtime;

import java.util.Locale;

/** The two inference engines a model version can run on. */
public enum Engine {
  /** ONNX Runtime on the version's {@code model.onnx}. */
  ONNXRUNTIME("onnxruntime"),
  /** DJL on the PyTorch engine, on the version's {@code model.djl.params}. */
  DJL_PYTORCH("djl-pytorch");

  private final String id;

  Engine(String id) {
    this.id = id;
  }

  /** Name in configuration, predictions and metrics. */
  public String id() {
    return id;
  }

  /** Parses {@code onnxruntime}, {@code ort}, {@code djl} or {@code djl-pytorch}. */
  public static Engine parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "onnxruntime", "ort", "onnx" -> ONNXRUNTIME;
      case "djl", "djl-pytorch", "pytorch" -> DJL_PYTORCH;
      default ->
          throw new IllegalArgumentException(
              "unknown engine '" + text + "'; use onnxruntime or djl-pytorch");
    };
  }
}
