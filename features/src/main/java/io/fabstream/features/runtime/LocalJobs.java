package io.fabstream.features.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink jobs running inside this JVM, each on its own local MiniCluster with the project's job
 * settings: the common part of the feature and scoring jobs the embedded run starts.
 */
public final class LocalJobs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalJobs.class);

  private final Map<String, JobClient> jobs = new LinkedHashMap<>();
  private final String prometheusPorts;

  /** Jobs without a metrics reporter. */
  public LocalJobs() {
    this(null);
  }

  /**
   * Jobs whose MiniClusters serve their metrics through Flink's Prometheus reporter on the ports of
   * {@code prometheusPorts} (see {@link JobEnvironment#prometheusReporter}); null: no reporter.
   */
  public LocalJobs(String prometheusPorts) {
    if (prometheusPorts != null) {
      JobEnvironment.validatePorts(prometheusPorts);
    }
    this.prometheusPorts = prometheusPorts;
  }

  /**
   * Builds a job with {@code build} and submits it; returns once it is accepted.
   *
   * @param checkpointDir the job's checkpoints go to {@code checkpointDir/name}
   */
  public void submit(
      String name,
      int parallelism,
      Duration checkpointInterval,
      Path checkpointDir,
      Consumer<StreamExecutionEnvironment> build)
      throws Exception {
    Configuration conf =
        JobEnvironment.configuration(checkpointInterval, checkpointDir.resolve(name));
    if (prometheusPorts != null) {
      JobEnvironment.prometheusReporter(conf, prometheusPorts);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    build.accept(env);
    JobClient client = env.executeAsync(name);
    jobs.put(name, client);
    LOG.info("started Flink job {} ({})", name, client.getJobID());
  }

  /** Each job's status. */
  public Map<String, JobStatus> status() {
    Map<String, JobStatus> out = new LinkedHashMap<>();
    jobs.forEach(
        (name, client) -> {
          try {
            out.put(name, client.getJobStatus().get(5, TimeUnit.SECONDS));
          } catch (Exception e) {
            LOG.warn("cannot get status of {}: {}", name, e.toString());
            out.put(name, JobStatus.FAILED);
          }
        });
    return out;
  }

  /** Cancels the jobs, waiting up to 30 s for each. */
  @Override
  public void close() {
    jobs.forEach(
        (name, client) -> {
          try {
            client.cancel().get(30, TimeUnit.SECONDS);
            LOG.info("cancelled Flink job {}", name);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            LOG.warn("cancelling {} failed: {}", name, e.toString());
          }
        });
    jobs.clear();
  }
}
