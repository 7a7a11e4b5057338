package io.fabstream.drift.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.drift.testing.DriftTopologies;
import io.fabstream.drift.testing.SavedModels;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReferenceSample;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferPrediction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wafer predictions into label-free accuracy estimates per window. */
class EstimatedPerformanceTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private static final List<String> CLASSES =
      List.of(
          "Center",
          "Donut",
          "Edge-Loc",
          "Edge-Ring",
          "Loc",
          "Near-full",
          "Random",
          "Scratch",
          "none");

  private TopologyTestDriver driver;
  private TestInputTopic<String, WaferPrediction> predictions;
  private TestOutputTopic<String, DriftReport> reports;

  private void start(Path stateDir, int referenceWindows) {
    start(stateDir, referenceWindows, ModelBaselines.read(Path.of("../models")));
  }

  private void start(Path stateDir, int referenceWindows, ModelBaselines baselines) {
    EstimateConfig config =
        EstimateConfig.defaults(DriftTopologies.registryUrl())
            .withWindows(Duration.ofHours(1), Duration.ofMinutes(5), referenceWindows);
    DriftTopologies t =
        DriftTopologies.drive(
            EstimatedPerformanceApp.buildTopology(config, baselines, new SimpleMeterRegistry()),
            EstimatedPerformanceApp.streamsConfig("unused:9092", config, stateDir),
            T0);
    driver = t.driver();
    predictions = t.input(TopicCatalog.WAFER_PREDICTIONS);
    reports = t.output(TopicCatalog.DRIFT_REPORTS);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  /** A wafer-cnn v2 verdict of "none" with probability {@code p} on PROBE01. */
  private void map(int i, double p, Instant at) {
    map(i, p, at, "2");
  }

  /** A verdict of "none" with probability {@code p} by wafer-cnn {@code version}. */
  private void map(int i, double p, Instant at, String version) {
    Float[] probs = new Float[CLASSES.size()];
    java.util.Arrays.fill(probs, (float) ((1 - p) / (CLASSES.size() - 1)));
    probs[CLASSES.size() - 1] = (float) p;
    WaferPrediction w =
        WaferPrediction.newBuilder()
            .setWaferId("W" + i)
            .setLot("L1")
            .setTool("PROBE01")
            .setInspectedAt(at)
            .setPredictedClass("none")
            .setClasses(CLASSES)
            .setProbabilities(List.of(probs))
            .setModel("wafer-cnn")
            .setModelVersion(version)
            .setEngine("onnxruntime")
            .setDevice("cpu")
            .setScoredAt(at)
            .build();
    predictions.pipeInput(w.getWaferId(), w, at);
  }

  private Map<String, DriftReport> byScope() {
    return reports.readValuesToList().stream()
        .collect(Collectors.toMap(r -> r.getTool() == null ? "all" : r.getTool(), r -> r));
  }

  @Test
  void anUnsureHourEstimatesLowAccuracyBeforeAnyLabel(@TempDir Path stateDir) {
    start(stateDir, 0);
    for (int i = 0; i < 100; i++) {
      map(i, 0.8, T0.plusSeconds(30L * i));
    }
    // a prediction past the hour and the grace closes it
    map(1000, 0.99, T0.plus(Duration.ofMinutes(66)));

    Map<String, DriftReport> r = byScope();
    assertThat(r).containsOnlyKeys("all", "PROBE01");
    DriftReport all = r.get("all");
    assertThat(all.getKind()).isEqualTo(DriftKind.ESTIMATED_PERFORMANCE);
    assertThat(all.getMetric()).isEqualTo("accuracy");
    assertThat(all.getSampleSize()).isEqualTo(100);
    // mean of 100 x 0.8; standard error sqrt(100 * 0.8 * 0.2) / 100 = 0.04
    assertThat(all.getValue()).isCloseTo(0.8, within(1e-6));
    assertThat(all.getDetails().get("standard_error")).isCloseTo(0.04, within(1e-6));
    // the card's 0.9651 less 0.02; 0.8 + 1.96 x 0.04 = 0.8784 is below 0.9451
    assertThat(all.getBaseline()).isCloseTo(0.9651, within(1e-4));
    assertThat(all.getThreshold()).isCloseTo(0.9451, within(1e-4));
    assertThat(all.getDrifted()).isTrue();
    assertThat(r.get("PROBE01").getValue()).isCloseTo(0.8, within(1e-6));
  }

  @Test
  void aConfidentHourDoesNotDriftAndAScopeWithAReferenceIsHeldToIt(@TempDir Path stateDir) {
    start(stateDir, 1);
    // hour 0 sets the reference at 0.85 (below the card), hour 1 at 0.84 is within tolerance
    for (int i = 0; i < 60; i++) {
      map(i, 0.85, T0.plusSeconds(60L * i));
    }
    for (int i = 0; i < 60; i++) {
      map(100 + i, 0.84, T0.plus(Duration.ofHours(1)).plusSeconds(60L * i));
    }
    map(1000, 0.99, T0.plus(Duration.ofMinutes(126)));

    List<DriftReport> all =
        reports.readValuesToList().stream().filter(r -> r.getTool() == null).toList();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).getDetails()).containsEntry("establishing_reference", 1.0);
    assertThat(all.get(0).getDrifted()).isFalse();
    assertThat(all.get(1).getDetails().get("reference")).isCloseTo(0.85, within(1e-6));
    assertThat(all.get(1).getBaseline()).isCloseTo(0.85, within(1e-6));
    assertThat(all.get(1).getDrifted()).isFalse();
  }

  @Test
  void aVersionPublishedWithCalibrationEvidenceIsEstimatedFromCalibratedProbabilities(
      @TempDir Path stateDir, @TempDir Path models) {
    // v9's held-back verdicts: at 0.8 it was right half the time, at 0.99 always
    List<Map<String, Double>> evidence = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      evidence.add(DriftReferenceSample.calibrationRow(0.8, i % 2 == 0));
      evidence.add(DriftReferenceSample.calibrationRow(0.99, true));
    }
    SavedModels.withReference(
        models,
        "wafer-cnn",
        9,
        new DriftReferenceSample(List.of(), List.of(), java.util.Set.of(), evidence));
    start(stateDir, 0, ModelBaselines.read(models));
    for (int i = 0; i < 100; i++) {
      map(i, 0.8, T0.plusSeconds(30L * i), "9");
    }
    map(1000, 0.99, T0.plus(Duration.ofMinutes(66)), "9");

    DriftReport all = byScope().get("all");
    // every 0.8 is read as 0.5; standard error sqrt(100 * 0.5 * 0.5) / 100 = 0.05
    assertThat(all.getValue()).isCloseTo(0.5, within(1e-9));
    assertThat(all.getDetails()).containsEntry("calibrated", 1.0);
    assertThat(all.getDetails().get("standard_error")).isCloseTo(0.05, within(1e-9));
  }

  @Test
  void aVersionWithoutEvidenceSaysItsEstimateIsUncalibrated(@TempDir Path stateDir) {
    start(stateDir, 0);
    for (int i = 0; i < 50; i++) {
      map(i, 0.9, T0.plusSeconds(30L * i));
    }
    map(1000, 0.99, T0.plus(Duration.ofMinutes(66)));
    DriftReport all = byScope().get("all");
    assertThat(all.getValue()).isCloseTo(0.9, within(1e-6));
    assertThat(all.getDetails()).containsEntry("calibrated", 0.0);
  }
}
