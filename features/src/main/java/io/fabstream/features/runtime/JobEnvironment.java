package io.fabstream.features.runtime;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Flink settings every feature job runs with: exactly-once checkpoints (the Kafka sinks commit
 * their transactions on them), in-memory keyed state, and restarts from the latest checkpoint after
 * a failure. One place, so the embedded run, {@code fabstream features}, the job jar and the tests
 * behave alike.
 */
public final class JobEnvironment {

  /** Default checkpoint interval: also how long outputs wait before they become visible. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

  private JobEnvironment() {}

  /**
   * Configuration for a job checkpointing every {@code checkpointInterval} into the cluster's
   * configured checkpoint storage (the JobManager's memory when none is configured, which holds at
   * most 5 MB of state: enough for tests, not for a backlog).
   */
  public static Configuration configuration(Duration checkpointInterval) {
    return configuration(checkpointInterval, null);
  }

  /**
   * Configuration for a job checkpointing every {@code checkpointInterval} into files under {@code
   * checkpointDir} (null: the cluster's configured storage).
   */
  public static Configuration configuration(Duration checkpointInterval, Path checkpointDir) {
    if (checkpointInterval == null
        || checkpointInterval.isNegative()
        || checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "checkpoint interval must be at least 10 ms, got " + checkpointInterval);
    }
    Configuration conf = new Configuration();
    set(conf, "execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
    set(conf, "execution.checkpointing.mode", "EXACTLY_ONCE");
    set(
        conf,
        "execution.checkpointing.min-pause",
        Math.min(500, checkpointInterval.toMillis() / 2) + " ms");
    set(conf, "execution.checkpointing.timeout", "5 min");
    set(conf, "state.backend.type", "hashmap");
    set(conf, "restart-strategy.type", "fixed-delay");
    set(conf, "restart-strategy.fixed-delay.attempts", "2147483647");
    set(conf, "restart-strategy.fixed-delay.delay", "1 s");
    if (checkpointDir != null) {
      set(conf, "execution.checkpointing.storage", "filesystem");
      set(conf, "execution.checkpointing.dir", checkpointDir.toAbsolutePath().toUri().toString());
      set(conf, "execution.checkpointing.num-retained", "2");
    }
    return conf;
  }

  /** Sets a Flink option by its documented key. */
  public static void set(Configuration conf, String key, String value) {
    ConfigOption<String> option = ConfigOptions.key(key).stringType().noDefaultValue();
    conf.set(option, value);
  }
}
