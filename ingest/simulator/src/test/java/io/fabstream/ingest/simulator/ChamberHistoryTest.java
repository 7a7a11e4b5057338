package io.fabstream.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.ingest.simulator.ChamberHistory.StepSegment;
import io.fabstream.schemas.TraceSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChamberHistoryTest {

  private static final SimulatorConfig FAB = SimulatorConfig.defaults().withSeed(11);

  @Test
  void oneSegmentPerWaferAndRecipeStepLabelledWithTheFaultOfThatStepOnly() {
    int lots = 4;
    List<StepSegment> segments = ChamberHistory.stepSegments(FAB, lots);

    int steps = FAB.recipe().steps().size();
    assertThat(segments).hasSize(lots * FAB.wafersPerLot() * steps);
    LotPlanner planner = new LotPlanner(FAB, FAB.startTime());
    int faultyWafers = 0;
    for (int k = 0; k < lots; k++) {
      for (WaferPlan wafer : planner.plan(k).wafers()) {
        List<StepSegment> mine =
            segments.stream().filter(s -> s.waferId().equals(wafer.waferId())).toList();
        assertThat(mine).extracting(StepSegment::stepIndex).containsExactly(0, 1, 2, 3);
        for (StepSegment s : mine) {
          boolean faultHere =
              wafer.run().fault().map(f -> f.stepIndex() == s.stepIndex()).orElse(false);
          assertThat(s.faulty()).as(s.waferId() + "/" + s.step()).isEqualTo(faultHere);
          if (faultHere) {
            assertThat(s.label()).isEqualTo(wafer.run().label());
          }
        }
        faultyWafers += wafer.run().fault().isPresent() ? 1 : 0;
      }
    }
    assertThat(segments.stream().filter(StepSegment::faulty)).hasSize(faultyWafers);
    assertThat(faultyWafers).as("10% of 100 wafers draw a fault").isBetween(3, 25);
  }

  @Test
  void segmentsHoldExactlyTheReadingsTheSimulatorEmits() {
    StepSegment mainEtch =
        ChamberHistory.stepSegments(FAB, 1).stream()
            .filter(s -> s.waferId().endsWith("-W03") && s.step().equals("main_etch"))
            .findFirst()
            .orElseThrow();

    RecordingFabSink sink = new RecordingFabSink();
    new FabSimulator(FAB).run(sink, 1);
    List<TraceSample> emitted = new ArrayList<>();
    for (TraceSample t : sink.samples) {
      if (t.getWafer().equals(mainEtch.waferId()) && t.getRecipeStep().equals("main_etch")) {
        emitted.add(t);
      }
    }
    assertThat(mainEtch.series()[0]).hasSize(emitted.size());
    for (int j = 0; j < emitted.size(); j++) {
      for (int c = 0; c < mainEtch.series().length; c++) {
        assertThat(mainEtch.series()[c][j]).isEqualTo(emitted.get(j).getSensorValues().get(c));
      }
    }
  }

  @Test
  void refusesAnEmptyHistory() {
    assertThatThrownBy(() -> ChamberHistory.stepSegments(FAB, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lots must be >= 1");
  }
}
