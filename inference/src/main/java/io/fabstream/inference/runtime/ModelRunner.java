package io.fabstream.inference.runtime;

import io.fabstream.inference.registry.ModelVersion;
import java.nio.FloatBuffer;

/**
 * Scores batches of inputs with one loaded model version, on one engine and device. Inputs and
 * outputs are flat float buffers (direct buffers avoid a copy into native memory): item {@code i}
 * occupies {@code [i * itemFloats, (i+1) * itemFloats)} of the input and {@code [i * outputSize,
 * (i+1) * outputSize)} of the output. A runner is not thread-safe; a scorer holds one per task
 * slot.
 */
public interface ModelRunner extends AutoCloseable {

  /** The version being run. */
  ModelVersion model();

  /** Engine in use. */
  Engine engine();

  /** Device actually in use ({@code cpu}, {@code cuda:0}, or {@code cpu (cuda unavailable)}). */
  String device();

  /** Floats per output row. */
  int outputSize();

  /**
   * Scores {@code n} items of shape {@code itemShape} (without the batch axis) read from the start
   * of {@code input}, writing {@code n} rows to the start of {@code output}.
   */
  void run(FloatBuffer input, int n, long[] itemShape, FloatBuffer output);

  @Override
  void close();
}
