package io.fabstream.drift.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.drift.testing.DriftTopologies;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.LabelledPrediction;
import io.fabstream.schemas.TopicCatalog;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows of labelled wafer-map verdicts against the shipped wafer-cnn v2 card (accuracy 0.9651,
 * Scratch recall 0.8703), with figures computed by hand.
 */
class PerformanceDriftTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  private DriftTopologies topologies;
  private TopologyTestDriver driver;
  private TestInputTopic<String, LabelledPrediction> labelled;
  private TestOutputTopic<String, DriftReport> reports;

  @BeforeEach
  void startDriver(@TempDir Path stateDir) {
    PerformanceConfig config =
        PerformanceConfig.defaults(DriftTopologies.registryUrl())
            .withWindows(Duration.ofHours(1), Duration.ofHours(2), Duration.ofMinutes(5));
    ModelBaselines baselines = ModelBaselines.read(Path.of("../models"));
    topologies =
        DriftTopologies.drive(
            PerformanceDriftApp.buildTopology(config, baselines, new SimpleMeterRegistry()),
            PerformanceDriftApp.streamsConfig("unused:9092", config, stateDir),
            T0);
    driver = topologies.driver();
    labelled = topologies.input(TopicCatalog.LABELLED_PREDICTIONS);
    reports = topologies.output(TopicCatalog.DRIFT_REPORTS);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  /** A labelled wafer-map verdict of wafer-cnn v2 on {@code tool}, labelled at {@code at}. */
  private void wafer(int i, String tool, String predicted, String actual, Instant at) {
    LabelledPrediction p =
        LabelledPrediction.newBuilder()
            .setSubjectId("W" + i)
            .setSubjectKind("WAFER_MAP")
            .setModel("wafer-cnn")
            .setModelVersion("2")
            .setTool(tool)
            .setPredictedClass(predicted)
            .setActualClass(actual)
            .setConfidence(0.9)
            .setLabelSource("REVIEW")
            .setSubjectTime(at.minusSeconds(60))
            .setLabelledAt(at)
            .setLabelDelayMillis(60_000)
            .build();
    labelled.pipeInput(p.getSubjectId(), p, at);
  }

  /** Moves stream time past the first window's end plus grace, so it closes. */
  private void closeFirstWindow() {
    wafer(9999, "PROBE09", "none", "none", T0.plus(Duration.ofHours(3)));
  }

  private Map<String, DriftReport> tumbling(String tool) {
    return reports.readValuesToList().stream()
        .filter(r -> r.getDetails().get("rolling") == 0.0)
        .filter(r -> r.getWindowStart().equals(T0))
        .filter(r -> java.util.Objects.equals(r.getTool(), tool))
        .collect(Collectors.toMap(DriftReport::getMetric, r -> r));
  }

  @Test
  void aToolWhoseAccuracyFellWellBelowTheCardDrifts() {
    // PROBE01: 100 wafers, 70 right (accuracy 0.70). Wilson 95% (z = 1.96): centre
    // (0.7 + 1.96^2/200) / (1 + 1.96^2/100) = 0.719208 / 1.038416 = 0.69260, half-width
    // 1.96 * sqrt(0.7 * 0.3 / 100 + 1.96^2 / 40000) / 1.038416 = 0.08845, upper 0.78105: below
    // the card's 0.9651 - 0.02 = 0.9451
    for (int i = 0; i < 100; i++) {
      wafer(i, "PROBE01", i < 70 ? "none" : "Loc", "none", T0.plusSeconds(i));
    }
    closeFirstWindow();

    Map<String, DriftReport> byMetric = tumbling("PROBE01");
    DriftReport accuracy = byMetric.get("accuracy");
    assertThat(accuracy.getValue()).isCloseTo(0.70, within(1e-12));
    assertThat(accuracy.getSampleSize()).isEqualTo(100);
    assertThat(accuracy.getBaseline()).isCloseTo(0.9651, within(1e-4));
    assertThat(accuracy.getThreshold()).isCloseTo(0.9451, within(1e-4));
    assertThat(accuracy.getDetails().get("upper")).isCloseTo(0.78105, within(1e-4));
    assertThat(accuracy.getDrifted()).isTrue();
    assertThat(accuracy.getDetails())
        .containsEntry("cm:none>none", 70.0)
        .containsEntry("cm:none>Loc", 30.0);
    // every prediction said 0.9: the label-free estimate was 0.90 with standard error
    // sqrt(100 * 0.9 * 0.1) / 100 = 0.03, and the realised 0.70 is 0.20 (6.67 SE) below it
    assertThat(accuracy.getDetails().get("estimated_accuracy")).isCloseTo(0.90, within(1e-9));
    assertThat(accuracy.getDetails().get("estimate_se")).isCloseTo(0.03, within(1e-9));
    assertThat(accuracy.getDetails().get("estimate_error")).isCloseTo(0.20, within(1e-9));
    assertThat(accuracy.getDetails().get("estimate_gap_in_se")).isCloseTo(-6.6667, within(1e-3));
    // recall of "none": the same 70 of 100 against the card's 0.9879
    assertThat(byMetric.get("recall:none").getDrifted()).isTrue();
    assertThat(byMetric.get("macro_f1").getDrifted()).isFalse();
    assertThat(accuracy.getReportId())
        .contains("wafer-cnn|2|tool|PROBE01|performance|accuracy|tumbling");
  }

  @Test
  void aToolAsGoodAsTheCardDoesNotDriftAndASmallSampleIsNotJudged() {
    // PROBE02: 100 of 100 right; PROBE03: 3 of 10 right, but 10 is below the minimum of 50
    for (int i = 0; i < 100; i++) {
      wafer(i, "PROBE02", "Scratch", "Scratch", T0.plusSeconds(i));
    }
    for (int i = 0; i < 10; i++) {
      wafer(100 + i, "PROBE03", i < 3 ? "Donut" : "none", "Donut", T0.plusSeconds(i));
    }
    closeFirstWindow();
    List<DriftReport> all = reports.readValuesToList();

    DriftReport good =
        all.stream()
            .filter(r -> "PROBE02".equals(r.getTool()) && r.getMetric().equals("accuracy"))
            .filter(r -> r.getDetails().get("rolling") == 0.0)
            .findFirst()
            .orElseThrow();
    assertThat(good.getValue()).isEqualTo(1.0);
    assertThat(good.getDrifted()).isFalse();
    DriftReport small =
        all.stream()
            .filter(r -> "PROBE03".equals(r.getTool()) && r.getMetric().equals("accuracy"))
            .filter(r -> r.getDetails().get("rolling") == 0.0)
            .findFirst()
            .orElseThrow();
    assertThat(small.getValue()).isCloseTo(0.3, within(1e-12));
    assertThat(small.getDrifted()).isFalse();
    assertThat(small.getDetails().get("evaluated")).isEqualTo(0.0);
  }

  @Test
  void withAReferenceAScopeIsHeldToWhatItsStreamShowedNotOnlyToTheCard(@TempDir Path stateDir) {
    close();
    PerformanceConfig config =
        PerformanceConfig.defaults(DriftTopologies.registryUrl())
            .withWindows(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5))
            .withReferenceWindows(1);
    topologies =
        DriftTopologies.drive(
            PerformanceDriftApp.buildTopology(
                config, ModelBaselines.read(Path.of("../models")), new SimpleMeterRegistry()),
            PerformanceDriftApp.streamsConfig("unused:9092", config, stateDir),
            T0);
    driver = topologies.driver();
    labelled = topologies.input(TopicCatalog.LABELLED_PREDICTIONS);
    reports = topologies.output(TopicCatalog.DRIFT_REPORTS);
    // hour 0: 48 of 60 (the reference, 0.80); hour 1: 46 of 60, Wilson upper 0.855 is above
    // 0.80 - 0.02 = 0.78, not drifted though far below the card; hour 2: 30 of 60, upper 0.623,
    // drifted
    int[] right = {48, 46, 30};
    for (int h = 0; h < 3; h++) {
      for (int i = 0; i < 60; i++) {
        wafer(
            1000 * h + i,
            "PROBE05",
            i < right[h] ? "none" : "Loc",
            "none",
            T0.plus(Duration.ofHours(h)).plusSeconds(i));
      }
    }
    wafer(9997, "PROBE09", "none", "none", T0.plus(Duration.ofHours(6)));
    List<DriftReport> accuracy =
        reports.readValuesToList().stream()
            .filter(r -> "PROBE05".equals(r.getTool()) && r.getMetric().equals("accuracy"))
            .filter(r -> r.getDetails().get("rolling") == 0.0)
            .sorted(java.util.Comparator.comparing(DriftReport::getWindowStart))
            .toList();
    assertThat(accuracy).hasSize(3);
    assertThat(accuracy.get(0).getDetails()).containsEntry("establishing_reference", 1.0);
    assertThat(accuracy.get(0).getDrifted()).isFalse();
    assertThat(accuracy.get(1).getBaseline()).isCloseTo(0.80, within(1e-12));
    assertThat(accuracy.get(1).getDetails().get("card")).isCloseTo(0.9651, within(1e-4));
    assertThat(accuracy.get(1).getDrifted()).isFalse();
    assertThat(accuracy.get(2).getValue()).isCloseTo(0.50, within(1e-12));
    assertThat(accuracy.get(1).getDetails().get("upper")).isCloseTo(0.855, within(1e-3));
    assertThat(accuracy.get(2).getDrifted()).isTrue();
  }

  @Test
  void theRollingWindowSpansTwoTumblingWindows() {
    // 30 wafers in each of the first two hours: each hour alone has 30 < 50, the two-hour rolling
    // window that covers both has 60 and is judged
    for (int i = 0; i < 60; i++) {
      wafer(i, "PROBE04", "none", "Center", T0.plus(Duration.ofMinutes(2L * i)));
    }
    wafer(9998, "PROBE09", "none", "none", T0.plus(Duration.ofHours(5)));
    List<DriftReport> rolling =
        reports.readValuesToList().stream()
            .filter(r -> "PROBE04".equals(r.getTool()) && r.getMetric().equals("accuracy"))
            .filter(r -> r.getDetails().get("rolling") == 1.0)
            .filter(r -> r.getWindowStart().equals(T0))
            .toList();
    assertThat(rolling).hasSize(1);
    assertThat(rolling.get(0).getSampleSize()).isEqualTo(60);
    assertThat(rolling.get(0).getDrifted()).isTrue();
  }
}
