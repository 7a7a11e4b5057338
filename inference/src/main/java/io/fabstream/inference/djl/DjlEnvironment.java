package io.fabstream.inference.djl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts DJL in the only mode fabstream allows: offline, no telemetry, natives from the {@code
 * pytorch-native-cpu} jar (or a local libtorch named by {@code PYTORCH_LIBRARY_PATH}), a writable
 * cache directory and an explicit PyTorch thread count. It must run before DJL's engine class is
 * first touched, because the engine reads these settings once when it loads.
 */
public final class DjlEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(DjlEnvironment.class);

  /** Environment variable or system property naming a local libtorch (DJL's GPU path). */
  public static final String LIBTORCH_PATH = "PYTORCH_LIBRARY_PATH";

  private static boolean configured;
  private static int configuredThreads;

  private DjlEnvironment() {}

  /**
   * Configures DJL once per JVM; later calls with another thread count are ignored with a warning,
   * since PyTorch reads it only at start-up.
   *
   * @param threads intra-op PyTorch threads (1 keeps a loaded 2-core machine responsive and makes
   *     training bitwise reproducible)
   */
  public static synchronized void configure(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("PyTorch threads must be at least 1, got " + threads);
    }
    if (configured) {
      if (threads != configuredThreads) {
        LOG.warn(
            "DJL already configured with {} PyTorch thread(s); {} requested later is ignored",
            configuredThreads,
            threads);
      }
      return;
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.default_engine", "PyTorch");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    // TorchScript's profiling executor spends the first calls re-optimising; not wanted for eager
    // blocks and it makes the first latencies misleading.
    System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
      Path cache = Path.of(System.getProperty("java.io.tmpdir"), "fabstream-djl");
      try {
        Files.createDirectories(cache);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create DJL cache directory " + cache, e);
      }
      System.setProperty("DJL_CACHE_DIR", cache.toString());
    }
    libtorchPath()
        .ifPresent(
            p -> LOG.info("DJL PyTorch uses the local libtorch at {} ({})", p, LIBTORCH_PATH));
    configured = true;
    configuredThreads = threads;
  }

  /** The local libtorch directory, when one is configured and exists. */
  public static Optional<Path> libtorchPath() {
    String value = System.getenv(LIBTORCH_PATH);
    if (value == null || value.isBlank()) {
      value = System.getProperty(LIBTORCH_PATH);
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(value);
    return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
  }
}
