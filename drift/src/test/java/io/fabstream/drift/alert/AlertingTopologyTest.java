package io.fabstream.drift.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.drift.testing.DriftTopologies;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.Severity;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift reports and a tool's anomaly rate into alerts and retraining requests. */
class AlertingTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  private final AlertMetrics metrics = new AlertMetrics(new SimpleMeterRegistry());
  private DriftTopologies topologies;
  private TopologyTestDriver driver;
  private TestInputTopic<String, DriftReport> reports;
  private TestInputTopic<String, TracePrediction> windows;
  private TestOutputTopic<String, Alert> alerts;
  private TestOutputTopic<String, RetrainRequest> requests;

  @BeforeEach
  void startDriver(@TempDir Path stateDir) {
    AlertConfig config = AlertConfig.defaults(DriftTopologies.registryUrl());
    topologies =
        DriftTopologies.drive(
            AlertingApp.buildTopology(config, metrics),
            AlertingApp.streamsConfig("unused:9092", config, stateDir),
            T0);
    driver = topologies.driver();
    reports = topologies.input(TopicCatalog.DRIFT_REPORTS);
    windows = topologies.input(TopicCatalog.TRACE_PREDICTIONS);
    alerts = topologies.output(TopicCatalog.ALERTS);
    requests = topologies.output(TopicCatalog.RETRAIN_REQUESTS);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  /** A drifted performance report of wafer-cnn v2 over {@code hour} (0 = T0's hour). */
  private void drifted(String metric, int hour) {
    Instant start = T0.plus(Duration.ofHours(hour));
    DriftReport r =
        DriftReport.newBuilder()
            .setReportId("wafer-cnn|2|all||performance|" + metric + "|tumbling|" + hour)
            .setModel("wafer-cnn")
            .setModelVersion("2")
            .setKind(DriftKind.PERFORMANCE)
            .setMetric(metric)
            .setWindowStart(start)
            .setWindowEnd(start.plus(Duration.ofHours(1)))
            .setValue(0.70)
            .setBaseline(0.9651)
            .setThreshold(0.9451)
            .setSampleSize(100)
            .setDrifted(true)
            .setDetails(Map.of("upper", 0.78105, "lower", 0.6016))
            .build();
    reports.pipeInput("wafer-cnn", r, r.getWindowEnd());
  }

  @Test
  void anAccuracyDropRaisesACriticalAlertAndOneRetrainingRequest() {
    drifted("accuracy", 0);

    Alert a = alerts.readValue();
    assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.getCause()).isEqualTo("performance_drift");
    assertThat(a.getAlertId()).isEqualTo("performance_drift|wafer-cnn|2||accuracy");
    assertThat(a.getMessage()).contains("accuracy = 0.7000", "threshold 0.9451", "baseline 0.9651");
    assertThat(a.getEvidence()).containsEntry("upper", "0.781050");
    RetrainRequest r = requests.readValue();
    assertThat(r.getRequestId())
        .isEqualTo("retrain:wafer-cnn:v2:accuracy:all:" + T0.toEpochMilli());
    assertThat(r.getOrchestrator()).isEqualTo("airflow");
    assertThat(r.getDataTo()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(r.getDataFrom()).isEqualTo(T0.plus(Duration.ofHours(1)).minus(Duration.ofDays(14)));
    assertThat(r.getAlertIds()).containsExactly(a.getAlertId());
    assertThat(r.getParameters()).containsEntry("input_topic", "fab.wafer-maps");
  }

  @Test
  void theSameCauseWithinTheCooldownIsSuppressedAndAfterItRaisedAgain() {
    drifted("accuracy", 0);
    drifted("accuracy", 1); // 1 h later: within the 6 h cooldown
    drifted("accuracy", 7); // 7 h later: the cooldown has passed

    List<Alert> raised = alerts.readValuesToList();
    assertThat(raised).hasSize(2);
    assertThat(raised.get(1).getWindowStart()).isEqualTo(T0.plus(Duration.ofHours(7)));
    assertThat(requests.readValuesToList()).hasSize(2);
  }

  @Test
  void aClassRecallDropIsAWarningWithoutRetraining() {
    drifted("recall:Scratch", 0);

    Alert a = alerts.readValue();
    assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(requests.isEmpty()).isTrue();
  }

  /**
   * {@code n} step windows of ETCH01 in hour {@code hour}, {@code faults} of them called faulty.
   */
  private void hourOfWindows(int hour, int n, int faults) {
    for (int i = 0; i < n; i++) {
      Instant end = T0.plus(Duration.ofHours(hour)).plusSeconds(30L * i + 1);
      TracePrediction p =
          TracePrediction.newBuilder()
              .setWindowId("w-" + hour + "-" + i)
              .setTool("ETCH01")
              .setChamber("PM1")
              .setRecipe("POLY")
              .setRecipeStep("main_etch")
              .setWafers(List.of("W" + hour + "-" + i))
              .setWindowStart(end.minusSeconds(20))
              .setWindowEnd(end)
              .setPredictedClass(i < faults ? "fault" : "normal")
              .setFaultProbability(i < faults ? 0.9 : 0.02)
              .setModel("trace-lstm-etch-sim")
              .setModelVersion("1")
              .setEngine("onnxruntime")
              .setDevice("cpu")
              .setScoredAt(end)
              .build();
      windows.pipeInput(p.getWindowId(), p, end);
    }
  }

  @Test
  void aToolWhoseAnomalyRateJumpsFiresWesternElectricRuleOne() {
    // 8 baseline hours of 40 windows with 2 faults: centre p0 = 16 / 320 = 0.05;
    // hour 8: 12 of 40, z = (0.30 - 0.05) / sqrt(0.05 * 0.95 / 40) = 0.25 / 0.03446 = 7.3
    for (int h = 0; h < 8; h++) {
      hourOfWindows(h, 40, 2);
    }
    hourOfWindows(8, 40, 12);
    hourOfWindows(10, 1, 0); // moves stream time past hour 8's end plus grace

    List<Alert> raised = alerts.readValuesToList();
    assertThat(raised).hasSize(1);
    Alert a = raised.get(0);
    assertThat(a.getCause()).isEqualTo("spc_rule_1");
    assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.getTool()).isEqualTo("ETCH01");
    assertThat(a.getEvidence()).containsEntry("centre", "0.0500").containsEntry("anomalies", "12");
    assertThat(a.getWindowStart()).isEqualTo(T0.plus(Duration.ofHours(8)));
  }

  @Test
  void aStableToolFiresNothing() {
    // alternating 1 and 3 of 40 around the centre 0.05: z = -/+0.73, no rule fires
    for (int h = 0; h < 14; h++) {
      hourOfWindows(h, 40, h % 2 == 0 ? 1 : 3);
    }
    hourOfWindows(16, 1, 0);
    assertThat(alerts.isEmpty()).isTrue();
    assertThat(metrics.raisedCount()).isZero();
  }
}
