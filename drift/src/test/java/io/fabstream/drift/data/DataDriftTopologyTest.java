package io.fabstream.drift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.drift.testing.DriftTopologies;
import io.fabstream.drift.testing.SavedModels;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
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
  private TestInputTopic<String, WaferMap> maps;
  private TestInputTopic<String, WaferPrediction> waferVerdicts;
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
            DataDriftApp.buildTopology(config, ModelBaselines.none(), new SimpleMeterRegistry()),
            DataDriftApp.streamsConfig("unused:9092", config, stateDir),
            T0);
    driver = t.driver();
    windows = t.input(TopicCatalog.MTS_WINDOWS);
    predictions = t.input(TopicCatalog.TRACE_PREDICTIONS);
    maps = t.input(TopicCatalog.WAFER_MAPS);
    waferVerdicts = t.input(TopicCatalog.WAFER_PREDICTIONS);
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

  /** A 20x20 round wafer from INSP-01: random failures at 5%, and an edge ring where asked. */
  private static WaferMap inspected(int slot, boolean edgeRing) {
    int n = 20;
    byte[] dies = new byte[n * n];
    Random random = new Random(slot);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        double radius = Math.hypot(r - 9.5, c - 9.5) / 9.5;
        if (radius > 1) {
          continue;
        }
        boolean fails = random.nextDouble() < 0.05 || (edgeRing && radius > 0.85);
        dies[r * n + c] = (byte) (fails ? 2 : 1);
      }
    }
    return WaferMap.newBuilder()
        .setWaferId("L7-" + slot)
        .setLot("L7")
        .setSlot(slot % 25 + 1)
        .setProduct("P20")
        .setTool("INSP-01")
        .setStep("final-inspect")
        .setInspectedAt(T0.plus(Duration.ofMinutes(slot)))
        .setRows(n)
        .setCols(n)
        .setDies(ByteBuffer.wrap(dies))
        .build();
  }

  @Test
  void anEdgeRingExcursionShiftsTheWaferProfile() {
    for (int i = 0; i < 80; i++) {
      WaferMap m = inspected(i, false);
      maps.pipeInput(m.getWaferId(), m, m.getInspectedAt());
    }
    DriftReport stable = reports.readValue();
    assertThat(stable.getKind()).isEqualTo(DriftKind.DATA);
    assertThat(stable.getModel()).isEqualTo("wafer-cnn");
    assertThat(stable.getModelVersion()).isEqualTo("inputs");
    assertThat(stable.getTool()).isEqualTo("INSP-01");
    assertThat(stable.getChamber()).isNull();
    assertThat(stable.getDetails().get("features")).isEqualTo(6.0);
    assertThat(stable.getDrifted()).as("the same process, other wafers").isFalse();

    for (int i = 80; i < 120; i++) {
      WaferMap m = inspected(i, true);
      maps.pipeInput(m.getWaferId(), m, m.getInspectedAt());
    }
    DriftReport ring = reports.readValue();
    assertThat(ring.getDrifted()).isTrue();
    // the outer ring, the yield and the clustering move; the inner rings do not
    assertThat(ring.getDetails().get("ks_d:radial_fail_3")).isEqualTo(1.0);
    assertThat(ring.getDetails().get("ks_d:die_yield")).isEqualTo(1.0);
    assertThat(ring.getDetails()).containsKey("ks_d:fail_clustering");
    assertThat(ring.getDetails().get("ks_d:radial_fail_0")).isLessThan(0.4);
    assertThat(ring.getValue()).isBetween(3.0, 4.0);
  }

  @Test
  void aNewClassInTheMixDriftsTheWaferCnnsPredictions() {
    for (int i = 0; i < 120; i++) {
      String predicted;
      if (i < 80) {
        predicted = i % 10 == 0 ? "Center" : "none";
      } else {
        predicted = i % 2 == 0 ? "Edge-Ring" : "none";
      }
      List<String> classes = io.fabstream.schemas.DefectPattern.labels();
      List<Float> probabilities = new java.util.ArrayList<>();
      float confidence = 0.9f + (i % 5) * 0.02f;
      for (String c : classes) {
        probabilities.add(c.equals(predicted) ? confidence : (1 - confidence) / 8);
      }
      Instant at = T0.plus(Duration.ofMinutes(i));
      WaferPrediction p =
          WaferPrediction.newBuilder()
              .setWaferId("L8-" + i)
              .setLot("L8")
              .setTool("INSP-02")
              .setInspectedAt(at)
              .setPredictedClass(predicted)
              .setClasses(classes)
              .setProbabilities(probabilities)
              .setModel("wafer-cnn")
              .setModelVersion("2")
              .setEngine("onnxruntime")
              .setDevice("cpu")
              .setScoredAt(at)
              .build();
      waferVerdicts.pipeInput(p.getWaferId(), p, at);
    }
    DriftReport stable = reports.readValue();
    assertThat(stable.getKind()).isEqualTo(DriftKind.PREDICTION);
    assertThat(stable.getModelVersion()).isEqualTo("2");
    assertThat(stable.getDrifted()).isFalse();
    assertThat(stable.getDetails().get("chi2:class_mix")).isCloseTo(0.0, within(1e-9));

    DriftReport mix = reports.readValue();
    assertThat(mix.getDrifted()).isTrue();
    // the class mix alone moved; one drifted feature is enough for the wafer CNN's outputs
    assertThat(mix.getValue()).isEqualTo(1);
    assertThat(mix.getThreshold()).isEqualTo(1);
    assertThat(mix.getDetails().get("chi2_p:class_mix")).isLessThan(1e-6);
    assertThat(mix.getDetails().get("ks_d:confidence")).isZero();
  }

  @Test
  void aMapStreamIsHeldToTheReferenceSavedWithTheModel(@TempDir Path dir) {
    // the model was trained on maps like these: its saved sample holds their profiles
    List<java.util.Map<String, Double>> trained = new java.util.ArrayList<>();
    for (int i = 1000; i < 1200; i++) {
      trained.add(io.fabstream.schemas.WaferMapProfile.of(inspected(i, false)));
    }
    Path models =
        SavedModels.withReference(
            dir.resolve("models"),
            "wafer-cnn",
            9,
            new io.fabstream.schemas.DriftReferenceSample(trained, List.of(), java.util.Set.of()));
    DataDriftAppConfig config =
        DataDriftAppConfig.defaults(DriftTopologies.registryUrl(), "trace-lstm-etch-sim")
            .withSizes(40, 40);
    try (DriftTopologies saved =
        DriftTopologies.drive(
            DataDriftApp.buildTopology(
                config, ModelBaselines.read(models), new SimpleMeterRegistry()),
            DataDriftApp.streamsConfig("unused:9092", config, dir.resolve("state")),
            T0)) {
      TestInputTopic<String, WaferMap> in = saved.input(TopicCatalog.WAFER_MAPS);
      TestOutputTopic<String, DriftReport> out = saved.output(TopicCatalog.DRIFT_REPORTS);
      for (int i = 0; i < 80; i++) {
        WaferMap m = inspected(i, i >= 40);
        in.pipeInput(m.getWaferId(), m, m.getInspectedAt());
      }
      // no reference phase: the first 40 maps are already judged, against the saved sample
      DriftReport first = out.readValue();
      assertThat(first.getDetails().get("saved_reference_version")).isEqualTo(9.0);
      assertThat(first.getSampleSize()).isEqualTo(40);
      assertThat(first.getDrifted()).isFalse();
      DriftReport ring = out.readValue();
      assertThat(ring.getDrifted()).isTrue();
      assertThat(ring.getDetails().get("ks_d:radial_fail_3")).isGreaterThan(0.9);
    }
  }

  @Test
  void aSavedReferenceWhoseChecksumDiffersIsRefused(@TempDir Path dir) throws Exception {
    Path models =
        SavedModels.withReference(
            dir,
            "wafer-cnn",
            3,
            new io.fabstream.schemas.DriftReferenceSample(
                List.of(java.util.Map.of("die_yield", 0.9)), List.of(), java.util.Set.of()));
    java.nio.file.Files.writeString(
        models.resolve("wafer-cnn/v3/" + io.fabstream.schemas.DriftReferenceSample.FILE),
        "\ninputs\tdie_yield=0.1\n",
        java.nio.file.StandardOpenOption.APPEND);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelBaselines.read(models))
        .hasMessageContaining("wafer-cnn v3")
        .hasMessageContaining("but the manifest says");
  }
}
