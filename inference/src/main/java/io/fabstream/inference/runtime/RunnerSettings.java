package io.fabstream.inference.runtime;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a model is run: engine, device and threads.
 *
 * @param engine ONNX Runtime or DJL PyTorch
 * @param device {@code cpu}, {@code cuda} or {@code cuda:N}; a CUDA request falls back to the CPU
 *     (with a warning and the fallback in {@link ModelRunner#device()}) where no GPU is usable
 * @param threads intra-op threads (ONNX Runtime per session; PyTorch per JVM, fixed at first use)
 */
public record RunnerSettings(Engine engine, String device, int threads) implements Serializable {

  public RunnerSettings {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    device = device.trim().toLowerCase(Locale.ROOT);
    if (!device.equals("cpu") && !device.matches("cuda(:\\d+)?")) {
      throw new IllegalArgumentException(
          "device must be cpu, cuda or cuda:N, got '" + device + "'");
    }
  }

  /** One CPU thread on the given engine. */
  public static RunnerSettings cpu(Engine engine) {
    return new RunnerSettings(engine, "cpu", 1);
  }

  /** Whether a GPU was asked for. */
  public boolean wantsCuda() {
    return device.startsWith("cuda");
  }

  /** The CUDA device index asked for (0 unless {@code cuda:N}). */
  public int cudaIndex() {
    int colon = device.indexOf(':');
    return colon < 0 ? 0 : Integer.parseInt(device.substring(colon + 1));
  }
}
