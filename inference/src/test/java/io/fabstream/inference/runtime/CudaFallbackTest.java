package io.fabstream.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.inference.TestData;
import io.fabstream.inference.eval.ModelEvaluation;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.train.LabelledTensors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Asking for CUDA where there is none (no GPU, or the CPU artifact of ONNX Runtime, or no CUDA
 * libtorch) is not an error: each engine says it fell back, in its device name, and scores on the
 * CPU exactly as a CPU runner does.
 */
class CudaFallbackTest {

  @Test
  void eachEngineFallsBackToTheCpuAndSaysSo() {
    ModelVersion version = new ModelRegistry(TestData.shippedModels()).loadPromoted("trace-lstm");
    LabelledTensors all = ModelEvaluation.inputs(version.manifest(), TestData.waferTraces());
    LabelledTensors some = all.select(IntStream.range(0, 16).toArray());
    for (Engine engine : Engine.values()) {
      try (ModelRunner cuda = ModelRunners.open(version, new RunnerSettings(engine, "cuda", 1));
          ModelRunner cpu = ModelRunners.open(version, RunnerSettings.cpu(engine))) {
        assertThat(cuda.device()).isIn("cuda:0", "cpu (cuda unavailable)");
        assertThat(cpu.device()).isEqualTo("cpu");
        if (!cuda.device().startsWith("cuda")) {
          float[][] a = DirectBatch.scoreAll(cuda, some, 8);
          float[][] b = DirectBatch.scoreAll(cpu, some, 8);
          assertThat(a).isDeepEqualTo(b);
        }
      }
    }
  }
}
