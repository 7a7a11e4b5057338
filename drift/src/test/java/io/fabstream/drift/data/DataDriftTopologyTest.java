package io.fabstream.drift.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.drift.testing.DriftTopologies;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chamber's step windows and trace predictions through the data drift app. */
class DataDriftTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private static final List<String> SENSORS = List.of("chamber_pressure", "rf_power");
  private static final int STEPS = 4;

  private TopologyTestDriver driver;
  private TestInputTopic<String, MtsWindow> windows;
  private TestInputTopic<String, TracePrediction> predictions;
  private TestOutputTopic<String, DriftReport> reports;
  private int wafer;

  @BeforeEach
  void startDriver(@TempDir Path stateDir) {
    // 40 step windows (10 wafers x 4 steps) set each chamber's reference, 40 more are judged
    DataDriftAppConfig config =
        DataDriftAppConfig.defaults(DriftTopologies.registryUrl(), "trace-lstm-etch-sim")
            .withSizes(40, 40);
    DriftTopologies t =
        DriftTopologies.drive(
            DataDriftApp.buildTopology(config, new SimpleMeterRegistry()),
            DataDriftApp.streamsConfig("unused:9092", config, stateDir),
            T0);
    driver = t.driver();
    windows = t.input(TopicCatalog.MTS_WINDOWS);
    predictions = t.input(TopicCatalog.TRACE_PREDICTIONS);
    reports = t.output(TopicCatalog.DRIFT_REPORTS);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  /**
   * One wafer of ETCH-01 PM1 through the four steps: pressure {@code 10 + wafer % 5 / 10} plus
   * {@code pressureOffset}, RF power 500 + wafer % 5, ten samples per step.
   */
  private void waferRun(double pressureOffset) {
    int w = wafer++;
    for (int step = 1; step <= STEPS; step++) {
      float[] values = new float[10 * SENSORS.size()];
      for (int i = 0; i < 10; i++) {
        values[i * 2] = (float) (10 + (w % 5) / 10.0 + pressureOffset);
        values[i * 2 + 1] = 500 + w % 5;
      }
      Instant end = T0.plus(Duration.ofMinutes(10L * w + step));
      MtsWindow window =
          MtsWindow.newBuilder()
              .setWindowId("W" + w + "-s" + step)
              .setTool("ETCH-01")
              .setChamber("PM1")
              .setRecipe("poly-etch")
              .setRecipeStep(String.valueOf(step))
              .setLot("L1")
              .setWafers(List.of("W" + w))
              .setMode(WindowMode.STEP_ALIGNED)
              .setWindowStart(end.minusSeconds(60))
              .setWindowEnd(end)
              .setLength(10)
              .setSensorNames(SENSORS)
              .setPackedValues(WindowValues.pack(values))
              .build();
      windows.pipeInput(window.getWindowId(), window, end);
    }
  }

  @Test
  void aShiftedGaugeDriftsEveryStepFeatureItIsReadIn() {
    for (int i = 0; i < 10; i++) {
      waferRun(0);
    }
    assertThat(reports.isEmpty()).as("the reference is still being set").isTrue();
    for (int i = 0; i < 10; i++) {
      waferRun(0);
    }
    DriftReport stable = reports.readValue();
    assertThat(stable.getKind()).isEqualTo(DriftKind.DATA);
    assertThat(stable.getModel()).isEqualTo("trace-lstm-etch-sim");
    assertThat(stable.getModelVersion()).isEqualTo("inputs");
    assertThat(stable.getTool()).isEqualTo("ETCH-01");
    assertThat(stable.getChamber()).isEqualTo("PM1");
    assertThat(stable.getSampleSize()).isEqualTo(40);
    assertThat(stable.getDrifted()).isFalse();
    // the same ten wafers again: every feature's distribution is the reference's
    assertThat(stable.getValue()).isZero();
    assertThat(stable.getDetails().get("max_psi")).isLessThan(1e-9);

    for (int i = 0; i < 10; i++) {
      waferRun(5);
    }
    DriftReport shifted = reports.readValue();
    assertThat(shifted.getDrifted()).isTrue();
    // pressure in each of the four steps; RF power is untouched
    assertThat(shifted.getValue()).isEqualTo(4);
    assertThat(shifted.getThreshold()).isEqualTo(3);
    assertThat(shifted.getDetails().get("ks_d:1/chamber_pressure")).isEqualTo(1.0);
    assertThat(shifted.getDetails().get("ks_d:1/rf_power")).isZero();
    assertThat(shifted.getWindowStart()).isEqualTo(T0.plus(Duration.ofMinutes(10L * 20 + 1)));
    assertThat(shifted.getWindowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(10L * 29 + 4)));
    assertThat(shifted.getReportId()).endsWith("|1");
  }

  @Test
  void predictionScoresDriftPerModelVersion() {
    for (int i = 0; i < 80; i++) {
      double p = i < 40 ? 0.01 + (i % 5) * 0.01 : 0.60 + (i % 5) * 0.05;
      Instant end = T0.plus(Duration.ofMinutes(i));
      TracePrediction prediction =
          TracePrediction.newBuilder()
              .setWindowId("W" + i)
              .setTool("ETCH-02")
              .setChamber("PM2")
              .setRecipe("poly-etch")
              .setRecipeStep("2")
              .setWindowStart(end.minusSeconds(60))
              .setWindowEnd(end)
              .setPredictedClass(p >= 0.5 ? "fault" : "normal")
              .setFaultProbability(p)
              .setAnomalyScore(p)
              .setModel("trace-lstm-etch-sim")
              .setModelVersion("1")
              .setEngine("onnxruntime")
              .setDevice("cpu")
              .setScoredAt(end)
              .build();
      predictions.pipeInput("W" + i, prediction, end);
    }
    DriftReport r = reports.readValue();
    assertThat(r.getKind()).isEqualTo(DriftKind.PREDICTION);
    assertThat(r.getModelVersion()).isEqualTo("1");
    // both scores drift, as outputs need
    assertThat(r.getValue()).isEqualTo(2);
    assertThat(r.getThreshold()).isEqualTo(2);
    assertThat(r.getDrifted()).isTrue();
    assertThat(r.getDetails().get("ks_d:fault_probability")).isEqualTo(1.0);
    assertThat(reports.isEmpty()).isTrue();
  }
}
