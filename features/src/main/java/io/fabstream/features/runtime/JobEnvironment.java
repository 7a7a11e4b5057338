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

  /** Factory of Flink's own Prometheus reporter (flink-metrics-prometheus). */
  public static final String PROMETHEUS_REPORTER_FACTORY =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  /**
   * Adds Flink's Prometheus reporter to {@code conf}, serving the job's metrics (records in and out
   * per operator, checkpoints, back pressure, and the jobs' own scoring and window metrics) on the
   * first free port of {@code ports}, a port or a range such as {@code 9250-9259}: each embedded
   * job runs its own MiniCluster, so each takes the next port of the range.
   */
  public static void prometheusReporter(Configuration conf, String ports) {
    validatePorts(ports);
    set(conf, "metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER_FACTORY);
    set(conf, "metrics.reporter.prom.port", ports);
    // label values as they are (wafer-cnn, ETCH-01), not with '-' turned into '_': Prometheus
    // accepts any label value, and dashboards select on the names the rest of the system uses
    set(conf, "metrics.reporter.prom.filterLabelValueCharacters", "false");
  }

  /** Checks a reporter port spec: {@code N} or {@code N-M}, 1 <= N <= M <= 65535. */
  public static void validatePorts(String ports) {
    if (ports == null || !ports.matches("\\d{1,5}(-\\d{1,5})?")) {
      throw new IllegalArgumentException(
          "Flink metrics ports must be a port or a range like 9250-9259, got '" + ports + "'");
    }
    String[] ends = ports.split("-");
    int from = Integer.parseInt(ends[0]);
    int to = Integer.parseInt(ends[ends.length - 1]);
    if (from < 1 || to > 65535 || from > to) {
      throw new IllegalArgumentException(
          "Flink metrics ports must lie in 1-65535 with the first <= the last, got " + ports);
    }
  }

  /** Sets a Flink option by its documented key. */
  public static void set(Configuration conf, String key, String value) {
    ConfigOption<String> option = ConfigOptions.key(key).stringType().noDefaultValue();
    conf.set(option, value);
  }
}
