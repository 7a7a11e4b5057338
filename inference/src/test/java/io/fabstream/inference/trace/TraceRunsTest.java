package io.fabstream.inference.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.inference.registry.ModelManifest.SensorStat;
import io.fabstream.inference.registry.ModelManifest.StepProfile;
import io.fabstream.inference.train.LabelledTensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceRunsTest {

  /**
   * A two-sensor run of one step: sensor 0 ramps from {@code from} by 1 per sample, sensor 1 flat.
   */
  private static TraceRuns.Run run(String id, int label, String step, double from, double flat) {
    double[][] series = new double[2][5];
    for (int t = 0; t < 5; t++) {
      series[0][t] = from + t;
      series[1][t] = flat;
    }
    return new TraceRuns.Run(id, label, series, step);
  }

  private static final TraceRuns RUNS =
      new TraceRuns(
          List.of("rf", "he"),
          List.of(
              run("w1/etch", 0, "etch", 10, 5),
              run("w2/etch", 0, "etch", 12, 5),
              run("w3/etch", 1, "etch", 100, 50),
              run("w1/clean", 0, "clean", 0, 1),
              run("w2/clean", 0, "clean", 2, 3)));

  @Test
  void profilesHoldTheGoodRunsMeanAndDeviationAtEveryRowOfEachStep() {
    Map<String, StepProfile> profiles = RUNS.profilesByStep(3);

    assertThat(profiles.keySet()).containsExactly("etch", "clean");
    StepProfile etch = profiles.get("etch");
    assertThat(etch.runs()).as("the faulty run is left out").isEqualTo(2);
    // rows 0, 1, 2 of a 5-sample run resampled to 3 rows are samples 0, 2 and 4
    assertThat(etch.mean()).containsExactly(11f, 5f, 13f, 5f, 15f, 5f);
    double sd = Math.sqrt(2); // sample deviation of {10, 12}
    assertThat((double) etch.std()[0]).isCloseTo(sd, within(1e-6));
    assertThat((double) etch.std()[4]).isCloseTo(sd, within(1e-6));
    assertThat(etch.std()[1])
        .as("a sensor every good run reads alike gets a small positive floor, never 0")
        .isPositive();
  }

  @Test
  void aRunIsStandardisedAgainstItsOwnStepsProfile() {
    Map<String, StepProfile> profiles = RUNS.profilesByStep(3);
    List<SensorStat> stats = RUNS.statistics("test");
    LabelledTensors t =
        RUNS.tensors(run -> new SensorWindowTensor(3, stats, profiles.get(run.step()), 20));

    float[] faulty = t.inputs().get(2);
    assertThat(faulty[0]).as("(100 - 11) / sqrt(2), clipped").isEqualTo(20f);
    float[] goodClean = t.inputs().get(3);
    assertThat((double) goodClean[0]).isCloseTo(-1 / Math.sqrt(2), within(1e-6));
  }

  @Test
  void aStepWithoutTwoGoodRunsHasNoProfile() {
    TraceRuns one = new TraceRuns(List.of("rf", "he"), List.of(run("w1/etch", 0, "etch", 10, 5)));
    assertThatThrownBy(() -> one.profilesByStep(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recipe step etch has 1 good runs");
  }
}
