package io.fabstream.features.runtime;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.lot.LotTopics;
import io.fabstream.features.lot.LotTrackingConfig;
import io.fabstream.features.lot.LotTrackingJob;
import io.fabstream.features.mts.MtsTopics;
import io.fabstream.features.mts.MtsWindowConfig;
import io.fabstream.features.mts.MtsWindowJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feature jobs running inside this JVM, each on its own local Flink MiniCluster, against any
 * Kafka: what {@code fabstream run} and {@code fabstream features} use, so a laptop needs no Flink
 * cluster. The same job classes are what the job jar submits to a real cluster.
 */
public final class LocalFeatureJobs implements AutoCloseable {

  /**
   * What to run.
   *
   * @param kafka broker and registry; the job names derive from each job's own name
   * @param mts MTS window settings
   * @param lots lot-tracking settings
   * @param checkpointInterval how often outputs commit (and become visible)
   * @param checkpointDir where checkpoints are kept
   * @param parallelism parallelism of each job
   * @param prometheusPorts ports of Flink's Prometheus reporter, e.g. {@code 9250-9259} (null:
   *     none)
   */
  public record Settings(
      FlinkKafkaSettings kafka,
      MtsWindowConfig mts,
      LotTrackingConfig lots,
      Duration checkpointInterval,
      Path checkpointDir,
      int parallelism,
      String prometheusPorts) {

    /** Settings without a metrics reporter. */
    public Settings(
        FlinkKafkaSettings kafka,
        MtsWindowConfig mts,
        LotTrackingConfig lots,
        Duration checkpointInterval,
        Path checkpointDir,
        int parallelism) {
      this(kafka, mts, lots, checkpointInterval, checkpointDir, parallelism, null);
    }

    public Settings {
      if (prometheusPorts != null) {
        JobEnvironment.validatePorts(prometheusPorts);
      }
      if (checkpointDir == null) {
        throw new IllegalArgumentException("checkpoint directory must be set");
      }
      if (kafka == null || mts == null || lots == null) {
        throw new IllegalArgumentException(
            "Kafka settings, MTS and lot-tracking configs must be set");
      }
      if (parallelism < 1 || parallelism > 64) {
        throw new IllegalArgumentException("parallelism must be in [1, 64], got " + parallelism);
      }
      JobEnvironment.configuration(checkpointInterval); // validates the interval
    }
  }

  private final LocalJobs jobs;

  private LocalFeatureJobs(Settings settings) {
    this.jobs = new LocalJobs(settings.prometheusPorts());
  }

  /** Submits the jobs and returns once they are accepted (they run in the background). */
  public static LocalFeatureJobs start(Settings settings) throws Exception {
    LocalFeatureJobs running = new LocalFeatureJobs(settings);
    try {
      running.submit(
          MtsWindowJob.NAME,
          settings,
          MtsWindowJob.kafka(
                  settings.kafka().withJobName(MtsWindowJob.NAME),
                  settings.mts(),
                  MtsTopics.catalog())
              ::build);
      running.submit(
          LotTrackingJob.NAME,
          settings,
          LotTrackingJob.kafka(
                  settings.kafka().withJobName(LotTrackingJob.NAME),
                  settings.lots(),
                  LotTopics.catalog())
              ::build);
      return running;
    } catch (Exception e) {
      running.close();
      throw e;
    }
  }

  private void submit(String name, Settings settings, Consumer<StreamExecutionEnvironment> build)
      throws Exception {
    jobs.submit(
        name,
        settings.parallelism(),
        settings.checkpointInterval(),
        settings.checkpointDir(),
        build);
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
