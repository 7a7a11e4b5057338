package io.fabstream.inference.runtime;

import io.fabstream.inference.network.Network;
import io.fabstream.inference.registry.ModelVersion;

/** Opens a runner for a verified model version on the configured engine. */
public final class ModelRunners {

  private ModelRunners() {}

  public static ModelRunner open(ModelVersion model, RunnerSettings settings) {
    return switch (settings.engine()) {
      case ONNXRUNTIME ->
          new OrtModelRunner(
              model, settings, Network.of(model.manifest().architecture()).outputSize());
      case DJL_PYTORCH -> new DjlModelRunner(model, settings);
    };
  }
}
