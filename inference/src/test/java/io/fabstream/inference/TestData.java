package io.fabstream.inference;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real fab data ({@code ../shared/data}, CI has it) and the shipped model registry
 * ({@code models/}); a clone without the data skips the tests that need it.
 */
public final class TestData {

  private TestData() {}

  /** A file or folder under the shared data folder. */
  public static Path shared(String relative) {
    Path root = Path.of(System.getProperty("fabstream.shared.data", "../../shared/data"));
    Path path = root.resolve(relative);
    assumeTrue(Files.exists(path), "needs ../shared/data/" + relative + " (CI has it)");
    return path;
  }

  /** A WM-811K file, e.g. {@code wm811k_train01}. */
  public static Path wm811k(String split) {
    return shared("wm811k/" + split + ".txt.gz");
  }

  /** The Olszewski wafer traces. */
  public static Path waferTraces() {
    return shared("wafer-traces/wafer_mts_train.tsv.gz");
  }

  /** The registry of shipped models. */
  public static Path shippedModels() {
    return Path.of(System.getProperty("fabstream.models", "../models"));
  }
}
