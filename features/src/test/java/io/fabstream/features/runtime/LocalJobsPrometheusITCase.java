package io.fabstream.features.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded jobs' metrics reach Prometheus through Flink's own reporter: a running job on a
 * local MiniCluster is scraped over HTTP, and Flink's operator counters and the job's own counter
 * are there, labelled with the job's name.
 */
class LocalJobsPrometheusITCase {

  private static final int FIRST_PORT = 9290;
  private static final int LAST_PORT = 9299;

  /** A map that counts what passes, as the feature and scoring operators do. */
  static final class CountingStep extends RichMapFunction<Long, Long> {
    private transient Counter seen;

    @Override
    public void open(OpenContext context) {
      seen = getRuntimeContext().getMetricGroup().counter("samplesSeen");
    }

    @Override
    public Long map(Long value) throws InterruptedException {
      seen.inc();
      Thread.sleep(1); // a trickle, not a hot loop
      return value;
    }
  }

  @Test
  void aRunningJobsMetricsAreScrapedFromTheReporter(@TempDir Path dir) throws Exception {
    try (LocalJobs jobs = new LocalJobs(FIRST_PORT + "-" + LAST_PORT)) {
      jobs.submit(
          "prometheus-check",
          1,
          Duration.ofSeconds(1),
          dir,
          env ->
              env.fromSequence(1, Long.MAX_VALUE)
                  .map(new CountingStep())
                  .name("counting-step")
                  .sinkTo(new DiscardingSink<>()));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                String scraped = scrapeRange();
                assertThat(scraped)
                    .contains("flink_taskmanager_job_task_operator_samplesSeen")
                    .contains("flink_taskmanager_job_task_operator_numRecordsIn")
                    .contains("job_name=\"prometheus-check\"");
                assertThat(counterValue(scraped, "flink_taskmanager_job_task_operator_samplesSeen"))
                    .isPositive();
              });
    }
  }

  private static String scrapeRange() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    StringBuilder all = new StringBuilder();
    for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          all.append(r.body());
        }
      } catch (IOException e) {
        // nothing serves this port of the range
      }
    }
    return all.toString();
  }

  private static double counterValue(String scraped, String name) {
    return scraped
        .lines()
        .filter(l -> l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .max()
        .orElse(0);
  }
}
