package io.fabstream.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pins the engine names accepted in configuration and the ids written to predictions. */
class EngineTest {

  @Test
  void onnxRuntimeIsAcceptedUnderItsShortAndLongNames() {
    assertThat(Engine.parse("ort")).isEqualTo(Engine.ONNXRUNTIME);
    assertThat(Engine.parse("onnxruntime")).isEqualTo(Engine.ONNXRUNTIME);
    assertThat(Engine.parse("onnx")).isEqualTo(Engine.ONNXRUNTIME);
    assertThat(Engine.parse("  OnnxRuntime ")).isEqualTo(Engine.ONNXRUNTIME);
  }

  @Test
  void djlOnPyTorchIsAcceptedUnderItsShortAndLongNames() {
    assertThat(Engine.parse("djl")).isEqualTo(Engine.DJL_PYTORCH);
    assertThat(Engine.parse("djl-pytorch")).isEqualTo(Engine.DJL_PYTORCH);
    assertThat(Engine.parse("pytorch")).isEqualTo(Engine.DJL_PYTORCH);
    assertThat(Engine.parse("DJL")).isEqualTo(Engine.DJL_PYTORCH);
  }

  @Test
  void everyEngineIdParsesBackToItsEngine() {
    assertThat(Engine.ONNXRUNTIME.id()).isEqualTo("onnxruntime");
    assertThat(Engine.DJL_PYTORCH.id()).isEqualTo("djl-pytorch");
    for (Engine engine : Engine.values()) {
      assertThat(Engine.parse(engine.id())).isEqualTo(engine);
    }
  }

  @Test
  void anUnknownEngineIsRejectedNamingItAndTheChoices() {
    assertThatThrownBy(() -> Engine.parse("TensorRT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown engine 'TensorRT'")
        .hasMessageContaining("onnxruntime")
        .hasMessageContaining("djl-pytorch");
    assertThatThrownBy(() -> Engine.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
