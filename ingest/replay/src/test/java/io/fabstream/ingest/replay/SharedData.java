package io.fabstream.ingest.replay;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/data}; tests that need it are skipped where a clone lacks it. */
final class SharedData {

  private SharedData() {}

  /** The dataset path under the shared data folder, or a skipped test when it is absent. */
  static Path require(DatasetKind kind) {
    String root = System.getProperty("fabstream.shared.data", "../../../shared/data");
    Path path = kind.defaultPath(Path.of(root));
    assumeTrue(Files.exists(path), "needs ../shared/data (CI has it)");
    return path;
  }
}
