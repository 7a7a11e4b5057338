package io.fabstream.app;

import io.fabstream.inference.registry.ModelRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the model registry lives; shared by the train, models, evaluate and bench commands. */
final class ModelOptions {

  /** Default registry: the checkout's {@code models/} (set by ./fabstream), else ./models. */
  static Path defaultRoot() {
    return Path.of(System.getProperty("fabstream.models", "models"));
  }

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Model registry directory (default: the checkout's models/).")
  Path root;

  ModelRegistry registry() {
    return new ModelRegistry(dir());
  }

  /** The registry directory in use. */
  Path dir() {
    return root != null ? root : defaultRoot();
  }
}
