package io.fabstream.inference.scoring;

import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.RunnerSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How one scorer runs: which registered model, on which engine and device, and how records are
 * grouped into batches. A batch is scored when it holds {@code maxBatch} records or when its oldest
 * record has waited {@code maxWait}, whichever comes first, so {@code maxWait} bounds the latency
 * batching adds and {@code maxBatch} bounds the memory it holds.
 *
 * @param modelsDir the model registry directory, readable from every task manager
 * @param model registered model name (its promoted version is used unless a checkpoint or a control
 *     record says otherwise)
 * @param runner engine, device and threads
 * @param maxBatch most records per model call (1 = no batching)
 * @param maxWait longest a record waits for its batch to fill
 */
public record ScoringSettings(
    String modelsDir, String model, RunnerSettings runner, int maxBatch, Duration maxWait)
    implements Serializable {

  /** Largest batch accepted: past it the latency cost outgrows any throughput gain on a CPU. */
  public static final int MAX_BATCH_LIMIT = 4096;

  /**
   * Default batch of the wafer CNN. On a CPU ONNX Runtime scores it as fast one map at a time as 32
   * at a time ({@code fabstream bench models}: 3,850 to 3,980 maps/s on one thread from batch 1 to
   * 32), so a bigger batch buys nothing and makes every map wait for the whole batch's inference (8
   * ms at 32 against 2 ms at 8). A GPU wants larger batches: set {@code --max-batch}.
   */
  public static final int WAFER_MAX_BATCH = 8;

  /**
   * Default batch of the trace models. The LSTM bag does gain from batching, and levels off at
   * about 16 ({@code fabstream bench models}: 5,570 windows/s at batch 1, 9,850 at 16, 10,618 at
   * 32), where one batch's inference takes 1.5 ms instead of 3.
   */
  public static final int WINDOW_MAX_BATCH = 16;

  /** Default wait bound: well below the 50 ms latency target. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(10);

  public ScoringSettings {
    if (modelsDir == null || modelsDir.isBlank()) {
      throw new IllegalArgumentException("the model registry directory must be set");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("the model name must be set");
    }
    if (runner == null) {
      throw new IllegalArgumentException("runner settings (engine, device, threads) must be set");
    }
    if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
      throw new IllegalArgumentException(
          "max batch must be in [1, " + MAX_BATCH_LIMIT + "], got " + maxBatch);
    }
    if (maxWait == null || maxWait.isNegative() || maxWait.toMillis() > 60_000) {
      throw new IllegalArgumentException("max wait must be within 0..60 s, got " + maxWait);
    }
  }

  /** A wafer-map scorer: one CPU thread on ONNX Runtime with the CNN's default batching. */
  public static ScoringSettings wafers(Path modelsDir, String model) {
    return onCpu(modelsDir, model, WAFER_MAX_BATCH);
  }

  /** A window scorer: one CPU thread on ONNX Runtime with the trace models' default batching. */
  public static ScoringSettings windows(Path modelsDir, String model) {
    return onCpu(modelsDir, model, WINDOW_MAX_BATCH);
  }

  private static ScoringSettings onCpu(Path modelsDir, String model, int maxBatch) {
    return new ScoringSettings(
        modelsDir.toString(),
        model,
        RunnerSettings.cpu(Engine.ONNXRUNTIME),
        maxBatch,
        DEFAULT_MAX_WAIT);
  }

  /** A copy with other batching bounds. */
  public ScoringSettings withBatching(int maxBatch, Duration maxWait) {
    return new ScoringSettings(modelsDir, model, runner, maxBatch, maxWait);
  }

  /** A copy on another engine, device and thread count. */
  public ScoringSettings withRunner(RunnerSettings runner) {
    return new ScoringSettings(modelsDir, model, runner, maxBatch, maxWait);
  }

  /** A copy scoring with another registered model. */
  public ScoringSettings withModel(String model) {
    return new ScoringSettings(modelsDir, model, runner, maxBatch, maxWait);
  }
}
