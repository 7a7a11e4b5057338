package io.fabstream.inference.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.inference.TestData;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real trace files become the runs the feature job's step-aligned windows hold. */
class TraceRunsSharedDataTest {

  @Test
  void lam9600WafersSplitIntoTheirRecipeStepsEachWithTheWafersLabel() {
    TraceRuns runs = TraceRuns.read(TestData.shared("lam9600-etch/lam9600_etch_machine.csv.gz"));

    Map<String, List<TraceRuns.Run>> byStep =
        runs.runs().stream().collect(Collectors.groupingBy(TraceRuns.Run::step));
    assertThat(byStep).containsOnlyKeys("4", "5");
    // 129 wafers; a step of fewer than 3 samples makes no window in the stream, so no run here
    assertThat(byStep.get("4")).hasSizeBetween(125, 129);
    assertThat(byStep.get("5")).hasSizeBetween(125, 129);
    assertThat(runs.runs()).allSatisfy(r -> assertThat(r.id()).endsWith("/" + r.step()));
    assertThat(byStep.get("5").stream().filter(r -> r.label() == 1)).hasSizeBetween(19, 21);
    assertThat(runs.runs().stream().map(TraceRuns.Run::id).distinct()).hasSize(runs.runs().size());
    assertThat(runs.sensors()).hasSize(19).contains("TCP Top Pwr", "Pressure");
  }

  @Test
  void olszewskiRunsAreOneStepEachAndKeepTheirWaferIds() {
    TraceRuns runs = TraceRuns.read(TestData.waferTraces());

    assertThat(runs.runs()).hasSize(298).allSatisfy(r -> assertThat(r.step()).isEqualTo("etch"));
    assertThat(runs.runs()).noneMatch(r -> r.id().contains("/"));
    assertThat(runs.runs().stream().filter(r -> r.label() == 1)).hasSize(32);
  }
}
