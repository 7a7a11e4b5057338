package io.fabstream.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelSource;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FabSimulatorTest {

  /** The default fab with a slow trace rate, so thousands of wafers simulate in seconds. */
  private static final SimulatorConfig FAB = SimulatorConfig.defaults().withTraceRateHz(1);

  @Test
  void patternMixOfGeneratedMapsFollowsTheConfiguredMix() {
    RecordingFabSink sink = new RecordingFabSink();

    new FabSimulator(FAB).run(sink, 120);

    assertThat(sink.maps).hasSize(3_000);
    Map<DefectPattern, Long> counts = new EnumMap<>(DefectPattern.class);
    sink.labels(SubjectKind.WAFER_MAP)
        .forEach(l -> counts.merge(DefectPattern.fromLabel(l.getLabel()), 1L, Long::sum));
    FAB.patternShares()
        .forEach(
            (pattern, share) ->
                assertThat(counts.getOrDefault(pattern, 0L) / 3_000.0)
                    .as(pattern.label())
                    .isCloseTo(share, org.assertj.core.data.Offset.offset(0.03)));
  }

  @Test
  void sameSeedGivesIdenticalRecordsAndAnotherSeedDoesNot() {
    RecordingFabSink first = new RecordingFabSink();
    RecordingFabSink second = new RecordingFabSink();
    RecordingFabSink other = new RecordingFabSink();

    new FabSimulator(FAB).run(first, 3);
    new FabSimulator(FAB).run(second, 3);
    new FabSimulator(FAB.withSeed(7)).run(other, 3);

    assertThat(second.sequence).isEqualTo(first.sequence);
    assertThat(other.maps).isNotEqualTo(first.maps);
  }

  @Test
  void recordsComeInEventTimeOrder() {
    RecordingFabSink sink = new RecordingFabSink();

    SimulationSummary summary = new FabSimulator(FAB).run(sink, 4);

    for (int i = 1; i < sink.sequence.size(); i++) {
      assertThat(RecordingFabSink.eventTime(sink.sequence.get(i)))
          .isAfterOrEqualTo(RecordingFabSink.eventTime(sink.sequence.get(i - 1)));
    }
    assertThat(summary.lots()).isEqualTo(4);
    assertThat(summary.waferMaps()).isEqualTo(100);
    assertThat(summary.traceSamples()).isEqualTo(sink.samples.size()).isEqualTo(100 * 60);
    assertThat(summary.labels()).isEqualTo(200);
    assertThat(sink.flushes).isEqualTo(1);
  }

  @Test
  void eachLotStartsMovesThroughEtchAndInspectionAndEnds() {
    RecordingFabSink sink = new RecordingFabSink();

    new FabSimulator(FAB).run(sink, 2);

    Map<String, List<LotEvent>> byLot =
        sink.lotEvents.stream().collect(Collectors.groupingBy(LotEvent::getLot));
    assertThat(byLot).containsOnlyKeys("LOT000001", "LOT000002");
    for (List<LotEvent> events : byLot.values()) {
      assertThat(events)
          .extracting(e -> e.getEventType() + " " + e.getStep())
          .containsExactly("START null", "MOVE ETCH", "MOVE INSPECT", "END INSPECT");
      assertThat(events.get(0).getWaferIds())
          .hasSize(25)
          .startsWith(events.get(0).getLot() + "-W01");
    }
    assertThat(byLot.get("LOT000001").get(1).getTool()).isEqualTo("ETCH-01");
    assertThat(byLot.get("LOT000002").get(1).getTool()).isEqualTo("ETCH-02");
    Set<String> chambers =
        sink.samples.stream()
            .map(s -> s.getTool() + "/" + s.getChamber())
            .collect(Collectors.toSet());
    assertThat(chambers)
        .containsExactlyInAnyOrder("ETCH-01/PM1", "ETCH-01/PM2", "ETCH-02/PM1", "ETCH-02/PM2");
    WaferMap map = sink.maps.get(0);
    assertThat(map.getDies().remaining()).isEqualTo(map.getRows() * map.getCols());
    assertThat(map.getTool()).isEqualTo("INSP-01");
  }

  @Test
  void labelsArriveAfterTheConfiguredDelay() {
    Duration delay = Duration.ofMinutes(7);
    RecordingFabSink sink = new RecordingFabSink();

    new FabSimulator(FAB.withGroundTruthDelay(delay)).run(sink, 2);

    assertThat(sink.labels).hasSize(100);
    for (GroundTruth label : sink.labels) {
      assertThat(label.getLabelSource()).isEqualTo(LabelSource.SIMULATOR);
      assertThat(label.getObservedAt()).isEqualTo(label.getSubjectTime().plus(delay));
      Object subject =
          label.getSubjectKind() == SubjectKind.WAFER_MAP
              ? sink.maps.stream()
                  .filter(m -> m.getWaferId().equals(label.getSubjectId()))
                  .findFirst()
                  .orElseThrow()
              : lastSampleOf(sink, label.getSubjectId());
      assertThat(sink.sequence.indexOf(label)).isGreaterThan(sink.sequence.indexOf(subject));
      assertThat(RecordingFabSink.eventTime(subject)).isEqualTo(label.getSubjectTime());
    }
  }

  @Test
  void traceLabelsNameTheInjectedFault() {
    RecordingFabSink sink = new RecordingFabSink();

    new FabSimulator(FAB.withFaults(1.0, List.of(FaultKind.STUCK, FaultKind.SPIKE))).run(sink, 1);

    assertThat(sink.labels(SubjectKind.WAFER_TRACE))
        .hasSize(25)
        .extracting(GroundTruth::getLabel)
        .containsOnly("stuck", "spike");
    RecordingFabSink clean = new RecordingFabSink();
    new FabSimulator(FAB.withFaults(0, List.of())).run(clean, 1);
    assertThat(clean.labels(SubjectKind.WAFER_TRACE))
        .extracting(GroundTruth::getLabel)
        .containsOnly("normal");
  }

  @Test
  void pacedRunEmitsAtTheWallClockTimesTheSpeedUp() {
    RecordingFabSink sink = new RecordingFabSink();
    Instant before = Instant.now();

    SimulationSummary summary =
        new FabSimulator(FAB).runPaced(sink, Duration.ofMillis(1500), 600, () -> true);

    assertThat(summary.lots()).isGreaterThanOrEqualTo(1);
    assertThat(sink.lotEvents).isNotEmpty();
    assertThat(sink.samples).isNotEmpty();
    assertThat(summary.lastEventTime())
        .isAfter(before.plusSeconds(60))
        .isBefore(before.plusSeconds(1500 * 600 / 1000 + 120));
  }

  @Test
  void pacedRunStopsWhenAskedTo() {
    RecordingFabSink sink = new RecordingFabSink();

    SimulationSummary summary = new FabSimulator(FAB).runPaced(sink, Duration.ZERO, 1, () -> false);

    assertThat(summary.lots()).isZero();
    assertThat(sink.sequence).isEmpty();
    assertThat(sink.flushes).isEqualTo(1);
  }

  private static TraceSample lastSampleOf(RecordingFabSink sink, String waferId) {
    List<TraceSample> samples =
        sink.samples.stream().filter(s -> s.getWafer().equals(waferId)).toList();
    return samples.get(samples.size() - 1);
  }
}
