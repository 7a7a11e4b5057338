package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.ingest.simulator.SimulatorConfig;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.TopicCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded run end to end: broker, registry, simulator and validation in one go. */
class EmbeddedPipelineITCase {

  private static final int FLINK_METRICS_FIRST = 9310;
  private static final int FLINK_METRICS_LAST = 9319;

  @Test
  void simulatedFabFlowsThroughValidationAndBadBytesAreDeadLettered(@TempDir Path dir)
      throws Exception {
    EmbeddedPipeline.Settings settings =
        new EmbeddedPipeline.Settings(
            dir,
            0,
            0,
            0,
            SimulatorConfig.defaults().withSeed(7),
            120,
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            ModelOptions.defaultRoot(),
            EmbeddedPipeline.Settings.SIMULATED_BAY_TRACE_MODEL,
            null,
            new EmbeddedPipeline.Settings.Operations(
                List.of(),
                FLINK_METRICS_FIRST + "-" + FLINK_METRICS_LAST,
                EmbeddedPipeline.Settings.Operations.LOCAL_PANELS,
                null,
                null,
                null));
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings)) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                Map<String, Long> totals = pipeline.summary().totals();
                assertThat(totals.get("valid samples")).isGreaterThan(500);
                assertThat(totals.get("valid lot events")).isPositive();
                assertThat(totals.get("valid maps")).isPositive();
                assertThat(totals.get("wafer predictions"))
                    .as("the wafer CNN scores the simulator's maps live")
                    .isPositive();
                assertThat(totals.get("windows")).as("MTS windows committed").isPositive();
                assertThat(totals.get("window predictions"))
                    .as("the bay's trace model scores the step-aligned windows live")
                    .isPositive();
              });

      // what Grafana's panels read: the run's own PostgreSQL server, fed from the topics
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                try (Connection db =
                        DriverManager.getConnection(
                            pipeline.panelsJdbcUrl(), pipeline.panelDatabase().user(), "");
                    Statement st = db.createStatement();
                    ResultSet rs =
                        st.executeQuery(
                            "SELECT (SELECT count(*) FROM wafer_maps),"
                                + " (SELECT count(*) FROM wafer_predictions),"
                                + " (SELECT count(*) FROM mts_windows),"
                                + " (SELECT count(*) FROM trace_predictions),"
                                + " (SELECT count(*) FROM wafer_dies WHERE state = 2)")) {
                  assertThat(rs.next()).isTrue();
                  for (int column = 1; column <= 5; column++) {
                    assertThat(rs.getLong(column)).as("panel rows, column " + column).isPositive();
                  }
                }
              });

      // the live page, as a browser shows it: die grids with their predicted pattern, the first
      // etch chamber's traces with window scores, the drift state
      Path profile = dir.resolve("chromium");
      String url = "http://127.0.0.1:" + pipeline.metricsPort() + "/";
      // the page draws what the run has committed; the newest maps may still be being scored
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                String dom = HeadlessChromium.dom(url, 8_000, profile);
                assertThat(dom)
                    .contains("data-loaded=\"true\"", "Latest wafer maps", "Traces of ETCH-01 PM1");
                java.util.regex.Matcher wafers =
                    java.util.regex.Pattern.compile(
                            "class=\"wafer\" data-wafer-id=\"([^\"]+)\" data-predicted-class=\"([^\"]*)\"")
                        .matcher(dom);
                List<String> shown = new java.util.ArrayList<>();
                List<String> patterns = new java.util.ArrayList<>();
                while (wafers.find()) {
                  shown.add(wafers.group(1));
                  patterns.add(wafers.group(2));
                }
                assertThat(shown)
                    .as("wafer maps drawn")
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(LiveView.WAFERS);
                assertThat(patterns)
                    .as("each drawn wafer's predicted pattern, from the CNN's classes")
                    .anyMatch(c -> !c.isEmpty())
                    .allMatch(c -> c.isEmpty() || DefectPattern.labels().contains(c));
                assertThat(dom.split("class=\"sensor\"", -1).length - 1)
                    .as("sensor traces drawn")
                    .isEqualTo(LiveView.SENSORS);
                assertThat(dom).contains("class=\"score\"").contains("drift: latest accuracy");
              });
      HeadlessChromium.screenshot(url, 8_000, profile, Path.of("target/live-page.png"));
      assertThat(Path.of("target/live-page.png")).isNotEmptyFile();

      // what Prometheus scrapes: the run's own meters, and each Flink job's through Flink's
      // reporter
      String own = scrape(pipeline.metricsPort());
      assertThat(own)
          .contains("fabstream_validation_records_total{")
          .contains("fabstream_drift_join_verdicts_in_total")
          .as("consumer lag of the Streams apps")
          .contains("kafka_consumer_fetch_manager_records_lag_max")
          .contains("jvm_memory_used_bytes");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                StringBuilder flink = new StringBuilder();
                for (int port = FLINK_METRICS_FIRST; port <= FLINK_METRICS_LAST; port++) {
                  flink.append(scrape(port));
                }
                assertThat(flink.toString())
                    .as("the scoring jobs' own metrics, per model")
                    .contains("flink_taskmanager_job_task_operator_scoring_model_predictions")
                    .contains("model=\"wafer-cnn\"")
                    .contains(
                        "model=\"" + EmbeddedPipeline.Settings.SIMULATED_BAY_TRACE_MODEL + "\"")
                    .as("records in per operator and checkpoints of each job")
                    .contains("flink_taskmanager_job_task_operator_numRecordsIn")
                    .contains("flink_jobmanager_job_lastCheckpointDuration");
              });

      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        producer
            .send(
                new ProducerRecord<>(
                    TopicCatalog.RAW_WAFER_MAPS.name(),
                    "W-bad",
                    "not avro at all".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      // The simulator writes only good records: the one dead letter is the bad one sent here.
      assertThat(pipeline.summary().totals().get("dead-lettered")).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(pipeline.summary().totals().get("dead-lettered")).isEqualTo(1));
      assertThat(pipeline.summary().line()).contains("valid samples", "dead-lettered 1");

      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(pipeline.summary().totals().get("lots with pattern mix"))
                      .as("lots closed by the lot-tracking job, with the CNN's pattern mix")
                      .isPositive());

      // Nothing is lost: once the simulator stops, every record it sent is validated.
      assertThat(pipeline.stopSimulatorAndDrain(Duration.ofSeconds(60))).isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Map<String, Long> totals = pipeline.summary().totals();
                assertThat(totals.get("valid samples")).isEqualTo(totals.get("samples in"));
                assertThat(totals.get("valid maps")).isEqualTo(totals.get("maps in"));
                assertThat(totals.get("valid lot events")).isEqualTo(totals.get("lot events in"));
              });
    }
  }

  /** The body of {@code /metrics} on {@code port}, or "" where nothing serves it. */
  private static String scrape(int port) throws InterruptedException {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return ""; // no reporter on this port of the range
    }
  }
}
