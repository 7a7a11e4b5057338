package io.fabstream.inference.registry;

import java.nio.file.Path;

/**
 * One verified model version: its directory and manifest. Only {@link ModelRegistry#load} makes
 * these, after every file's checksum matched.
 */
public record ModelVersion(Path directory, ModelManifest manifest) {

  /** A file of the version. */
  public Path file(String name) {
    return directory.resolve(name);
  }

  /** {@code name:vN}, how logs and predictions name it. */
  public String tag() {
    return manifest.name() + ":v" + manifest.version();
  }
}
