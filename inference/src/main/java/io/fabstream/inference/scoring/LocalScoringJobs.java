package io.fabstream.inference.scoring;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.runtime.LocalJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The two scoring jobs running inside this JVM, each on its own local Flink MiniCluster: what the
 * embedded run uses, so a laptop scores live without a Flink cluster. The same {@link ScoringJob}
 * class is what a real cluster runs.
 */
public final class LocalScoringJobs implements AutoCloseable {

  /**
   * What to run.
   *
   * @param kafka broker and registry
   * @param wafers wafer-map scorer settings (null: not started)
   * @param windows window scorer settings (null: not started)
   * @param checkpointInterval how often predictions commit (and become visible)
   * @param checkpointDir where checkpoints are kept
   * @param prometheusPorts ports of Flink's Prometheus reporter, e.g. {@code 9250-9259} (null:
   *     none)
   */
  public record Settings(
      FlinkKafkaSettings kafka,
      ScoringSettings wafers,
      ScoringSettings windows,
      Duration checkpointInterval,
      Path checkpointDir,
      String prometheusPorts) {

    /** Settings without a metrics reporter. */
    public Settings(
        FlinkKafkaSettings kafka,
        ScoringSettings wafers,
        ScoringSettings windows,
        Duration checkpointInterval,
        Path checkpointDir) {
      this(kafka, wafers, windows, checkpointInterval, checkpointDir, null);
    }

    public Settings {
      if (prometheusPorts != null) {
        JobEnvironment.validatePorts(prometheusPorts);
      }
      if (kafka == null || checkpointDir == null) {
        throw new IllegalArgumentException("Kafka settings and checkpoint directory must be set");
      }
      JobEnvironment.configuration(checkpointInterval); // validates the interval
    }
  }

  private final LocalJobs jobs;

  private LocalScoringJobs(Settings settings) {
    this.jobs = new LocalJobs(settings.prometheusPorts());
  }

  /** Submits the jobs and returns once they are accepted (they run in the background). */
  public static LocalScoringJobs start(Settings settings) throws Exception {
    LocalScoringJobs running = new LocalScoringJobs(settings);
    try {
      if (settings.wafers() != null) {
        running.submit(
            ScoringJob.WAFER_NAME,
            settings,
            ScoringJob.waferMaps(
                    settings.kafka().withJobName(ScoringJob.WAFER_NAME),
                    settings.wafers(),
                    ScoringTopics.waferMaps())
                ::build);
      }
      if (settings.windows() != null) {
        running.submit(
            ScoringJob.WINDOW_NAME,
            settings,
            ScoringJob.mtsWindows(
                    settings.kafka().withJobName(ScoringJob.WINDOW_NAME),
                    settings.windows(),
                    ScoringTopics.mtsWindows())
                ::build);
      }
      return running;
    } catch (Exception e) {
      running.close();
      throw e;
    }
  }

  private void submit(String name, Settings settings, Consumer<StreamExecutionEnvironment> build)
      throws Exception {
    jobs.submit(name, 1, settings.checkpointInterval(), settings.checkpointDir(), build);
  }

  /** Each job's status. */
  public Map<String, JobStatus> status() {
    return jobs.status();
  }

  /** Cancels the jobs, waiting up to 30 s for each. */
  @Override
  public void close() {
    jobs.close();
  }
}
