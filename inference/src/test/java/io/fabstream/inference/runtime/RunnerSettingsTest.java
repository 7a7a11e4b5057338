package io.fabstream.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pins which devices and thread counts a model runner accepts and how a CUDA index is read. */
class RunnerSettingsTest {

  @Test
  void theCpuIsAcceptedAndWantsNoGpu() {
    RunnerSettings s = new RunnerSettings(Engine.ONNXRUNTIME, "cpu", 4);

    assertThat(s.device()).isEqualTo("cpu");
    assertThat(s.wantsCuda()).isFalse();
    assertThat(s.cudaIndex()).isZero();
    assertThat(s.threads()).isEqualTo(4);
  }

  @Test
  void plainCudaMeansTheFirstGpu() {
    RunnerSettings s = new RunnerSettings(Engine.DJL_PYTORCH, "cuda", 1);

    assertThat(s.wantsCuda()).isTrue();
    assertThat(s.cudaIndex()).isZero();
  }

  @Test
  void cudaWithAnIndexPicksThatGpu() {
    assertThat(new RunnerSettings(Engine.ONNXRUNTIME, "cuda:1", 1).cudaIndex()).isEqualTo(1);
    assertThat(new RunnerSettings(Engine.ONNXRUNTIME, "cuda:12", 1).cudaIndex()).isEqualTo(12);
  }

  @Test
  void devicesAreReadWithoutRegardToCaseOrSurroundingSpace() {
    RunnerSettings s = new RunnerSettings(Engine.ONNXRUNTIME, " CUDA:2 ", 1);

    assertThat(s.device()).isEqualTo("cuda:2");
    assertThat(s.cudaIndex()).isEqualTo(2);
    assertThat(new RunnerSettings(Engine.ONNXRUNTIME, "CPU", 1).device()).isEqualTo("cpu");
  }

  @Test
  void otherDeviceNamesAreRejectedNamingTheAcceptedForms() {
    for (String bad : new String[] {"gpu", "cuda:", "cuda:x", "cuda1", "cpu:0", "mps", ""}) {
      assertThatThrownBy(() -> new RunnerSettings(Engine.ONNXRUNTIME, bad, 1))
          .as("device '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cpu, cuda or cuda:N")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void aRunnerNeedsAtLeastOneThread() {
    assertThatThrownBy(() -> new RunnerSettings(Engine.ONNXRUNTIME, "cpu", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void theCpuShortcutIsOneThreadOnTheCpu() {
    RunnerSettings s = RunnerSettings.cpu(Engine.DJL_PYTORCH);

    assertThat(s).isEqualTo(new RunnerSettings(Engine.DJL_PYTORCH, "cpu", 1));
  }
}
