package io.fabstream.drift.join;

import static io.fabstream.drift.join.Verdicts.T0;
import static io.fabstream.drift.join.Verdicts.reviewed;
import static io.fabstream.drift.join.Verdicts.slidingWindow;
import static io.fabstream.drift.join.Verdicts.sorted;
import static io.fabstream.drift.join.Verdicts.stepWindow;
import static io.fabstream.drift.join.Verdicts.waferCalled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.drift.testing.DriftTopologies;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelSource;
import io.fabstream.schemas.LabelledPrediction;
import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join against the real (in-memory) schema registry, one rule per test. */
class GroundTruthJoinTopologyTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final JoinMetrics metrics = new JoinMetrics(meters);
  private DriftTopologies topologies;
  private TopologyTestDriver driver;
  private TestInputTopic<String, WaferPrediction> maps;
  private TestInputTopic<String, TracePrediction> windows;
  private TestInputTopic<String, GroundTruth> labels;
  private TestOutputTopic<String, LabelledPrediction> labelled;
  private TestOutputTopic<String, GroundTruth> late;

  @BeforeEach
  void startDriver(@TempDir Path stateDir) {
    JoinConfig config =
        JoinConfig.defaults(DriftTopologies.registryUrl())
            .withWindow(LabelSource.REVIEW, Duration.ofDays(2));
    topologies =
        DriftTopologies.drive(
            GroundTruthJoinApp.buildTopology(config, metrics),
            GroundTruthJoinApp.streamsConfig("unused:9092", config, stateDir),
            T0);
    driver = topologies.driver();
    maps = topologies.input(TopicCatalog.WAFER_PREDICTIONS);
    windows = topologies.input(TopicCatalog.TRACE_PREDICTIONS);
    labels = topologies.input(TopicCatalog.GROUND_TRUTH);
    labelled = topologies.output(TopicCatalog.LABELLED_PREDICTIONS);
    late = topologies.output(TopicCatalog.LATE_LABELS);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void send(WaferPrediction p) {
    maps.pipeInput(p.getWaferId(), p, p.getScoredAt());
  }

  private void send(TracePrediction p) {
    windows.pipeInput(p.getWindowId(), p, p.getScoredAt());
  }

  private void send(GroundTruth g) {
    labels.pipeInput(g.getSubjectId(), g, g.getObservedAt());
  }

  @Test
  void aReviewedWaferJoinsItsVerdictWithTheDelayAndTheVerdictsConfidence() {
    send(waferCalled("W1", "Scratch", 0.8, T0));
    send(reviewed("W1", "Scratch", T0, Duration.ofHours(3)));

    LabelledPrediction p = labelled.readValue();
    assertThat(p.getSubjectId()).isEqualTo("W1");
    assertThat(p.getSubjectKind()).isEqualTo("WAFER_MAP");
    assertThat(p.getPredictedClass()).isEqualTo("Scratch");
    assertThat(p.getActualClass()).isEqualTo("Scratch");
    assertThat(p.getConfidence()).isCloseTo(0.8, within(1e-6));
    assertThat(p.getLabelDelayMillis()).isEqualTo(Duration.ofHours(3).toMillis());
    assertThat(p.getLabelSource()).isEqualTo("REVIEW");
    assertThat(p.getModelVersion()).isEqualTo("2");
    assertThat(p.getTool()).isEqualTo("PROBE01");
    assertThat(labelled.isEmpty()).isTrue();
    assertThat(metrics.joinedCount()).isEqualTo(1);
    assertThat(store(GroundTruthJoinProcessor.VERDICTS).approximateNumEntries()).isZero();
  }

  @Test
  void aLabelAfterItsSourcesWindowIsCountedAndKeptNotJoined() {
    // review window 2 days in this test; this review comes 3 days after inspection
    send(waferCalled("W2", "Donut", 0.9, T0));
    send(reviewed("W2", "Loc", T0, Duration.ofDays(3)));

    assertThat(labelled.isEmpty()).isTrue();
    GroundTruth kept = late.readValue();
    assertThat(kept.getSubjectId()).isEqualTo("W2");
    assertThat(kept.getLabel()).isEqualTo("Loc");
    assertThat(metrics.lateCount()).isEqualTo(1);
    assertThat(meters.counter("fabstream.drift.join.labels.late").count()).isEqualTo(1);
  }

  @Test
  void aWaferRunIsFaultyWhenAnyOfItsStepWindowsIs() {
    Instant end = T0.plusSeconds(600);
    send(stepWindow("w-1", "W3", "stabilize", 0.05, end.minusSeconds(180)));
    send(stepWindow("w-2", "W3", "main_etch", 0.92, end.minusSeconds(60)));
    send(stepWindow("w-3", "W3", "over_etch", 0.10, end));
    // the sort names the fault; a normal/fault model reads it as "fault"
    send(sorted("W3", "step_change", end, Duration.ofDays(10)));

    List<LabelledPrediction> out = labelled.readValuesToList();
    assertThat(out).hasSize(1);
    LabelledPrediction p = out.get(0);
    assertThat(p.getSubjectKind()).isEqualTo("WAFER_TRACE");
    assertThat(p.getPredictedClass()).isEqualTo("fault");
    assertThat(p.getActualClass()).isEqualTo("fault");
    assertThat(p.getWindows()).isEqualTo(3);
    assertThat(p.getFaultProbability()).isCloseTo(0.92, within(1e-9));
    assertThat(p.getAnomalyScore()).isCloseTo(0.92 * 3, within(1e-9));
    assertThat(p.getChamber()).isEqualTo("PM1");
  }

  @Test
  void aSlidingWindowOverTwoWafersSaysNothingAboutEither() {
    send(slidingWindow("s-1", T0));
    send(sorted("W-A", "normal", T0, Duration.ofDays(1)));

    assertThat(labelled.isEmpty()).isTrue();
    assertThat(store(GroundTruthJoinProcessor.LABELS).approximateNumEntries())
        .as("the label waits for a verdict about its wafer")
        .isEqualTo(1);
  }

  @Test
  void aLabelThatComesFirstWaitsForItsVerdict() {
    send(reviewed("W4", "Edge-Ring", T0, Duration.ofMinutes(1)));
    assertThat(labelled.isEmpty()).isTrue();
    send(waferCalled("W4", "Edge-Loc", 0.6, T0));

    LabelledPrediction p = labelled.readValue();
    assertThat(p.getPredictedClass()).isEqualTo("Edge-Loc");
    assertThat(p.getActualClass()).isEqualTo("Edge-Ring");
    assertThat(store(GroundTruthJoinProcessor.LABELS).approximateNumEntries()).isZero();
  }

  @Test
  void aLabelNoVerdictComesForGoesToTheLateTopicAfterTheWait() {
    send(reviewed("W5", "none", T0, Duration.ofMinutes(1)));
    // the data clock moves 2 hours on (label wait: 1 hour), then the scan runs
    send(waferCalled("W6", "none", 0.99, T0.plus(Duration.ofHours(2))));
    driver.advanceWallClockTime(GroundTruthJoinProcessor.SCAN_INTERVAL.plusSeconds(1));

    GroundTruth unused = late.readValue();
    assertThat(unused.getSubjectId()).isEqualTo("W5");
    assertThat(metrics.unmatchedCount()).isEqualTo(1);
  }

  @Test
  void verdictsOlderThanTheLongestWindowAgeOutUnlabelled() {
    send(waferCalled("W7", "Center", 0.7, T0));
    send(waferCalled("W8", "Center", 0.7, T0.plus(Duration.ofDays(46))));
    driver.advanceWallClockTime(GroundTruthJoinProcessor.SCAN_INTERVAL.plusSeconds(1));

    KeyValueStore<String, byte[]> verdicts = store(GroundTruthJoinProcessor.VERDICTS);
    assertThat(verdicts.get(Verdict.key("WAFER_MAP", "W7"))).isNull();
    assertThat(verdicts.get(Verdict.key("WAFER_MAP", "W8"))).isNotNull();
    assertThat(meters.counter("fabstream.drift.join.verdicts.unlabelled").count()).isEqualTo(1);
  }

  @Test
  void shadowVerdictsAreNotJoined() {
    WaferPrediction shadow = waferCalled("W9", "Random", 0.5, T0);
    shadow.setShadow(true);
    send(shadow);
    send(waferCalled("W9", "Random", 0.7, T0));
    send(reviewed("W9", "Random", T0, Duration.ofHours(1)));

    List<LabelledPrediction> out = labelled.readValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getConfidence()).isCloseTo(0.7, within(1e-6));
  }

  @Test
  void aLabelledWindowJoinsByWindowIdAndTheMapOfTheSameWaferStaysApart() {
    send(stepWindow("win-9", "W10", "main_etch", 0.2, T0));
    send(waferCalled("W10", "none", 0.95, T0));
    send(
        Verdicts.label(
            "win-9", SubjectKind.WINDOW, "normal", LabelSource.METROLOGY, T0, Duration.ofHours(2)));
    send(reviewed("W10", "none", T0, Duration.ofHours(4)));

    Map<String, LabelledPrediction> bySubject =
        labelled.readValuesToList().stream()
            .collect(Collectors.toMap(p -> p.getSubjectKind(), p -> p));
    assertThat(bySubject).containsOnlyKeys("WINDOW", "WAFER_MAP");
    assertThat(bySubject.get("WINDOW").getSubjectId()).isEqualTo("win-9");
    assertThat(bySubject.get("WINDOW").getPredictedClass()).isEqualTo("normal");
    assertThat(bySubject.get("WAFER_MAP").getSubjectId()).isEqualTo("W10");
  }

  private KeyValueStore<String, byte[]> store(String name) {
    return driver.getKeyValueStore(name);
  }
}
