package io.fabstream.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.TraceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TraceGeneratorTest {

  private static final SimulatorConfig FAB = SimulatorConfig.defaults();
  private static final int MAIN_ETCH = 2;
  private static final String PRESSURE = "chamber_pressure";
  private static final double PRESSURE_SIGMA = 0.15;
  private static final int SETTLING_SAMPLES = 25;

  private final TraceGenerator generator = new TraceGenerator(FAB);

  @Test
  void runFollowsTheRecipeAtTheTraceRate() {
    List<TraceSample> trace = trace(run("LOT1", 3), 1);

    assertThat(trace).hasSize(600);
    assertThat(trace)
        .extracting(TraceSample::getRecipeStep)
        .containsSubsequence("stabilize", "breakthrough", "main_etch", "over_etch");
    assertThat(trace.stream().filter(s -> s.getRecipeStep().equals("main_etch"))).hasSize(300);
    for (int i = 1; i < trace.size(); i++) {
      assertThat(Duration.between(trace.get(i - 1).getEventTime(), trace.get(i).getEventTime()))
          .isEqualTo(Duration.ofMillis(100));
    }
    TraceSample sample = trace.get(250);
    assertThat(sample.getSensorNames()).hasSize(20).contains("rf_forward_power", "he_flow");
    assertThat(sample.getSensorValues()).hasSize(20);
    double rf = sample.getSensorValues().get(sample.getSensorNames().indexOf("rf_forward_power"));
    assertThat(rf).as("main etch runs the plasma at 600 W").isBetween(570.0, 630.0);
  }

  @Test
  void driftMovesTheFaultedStepMeanBySeveralSigma() {
    double shift = meanShiftInSigmas(FaultKind.DRIFT);
    assertThat(Math.abs(shift)).isGreaterThan(2.5);
  }

  @Test
  void stepChangeMovesTheFaultedStepMeanBySeveralSigma() {
    double shift = meanShiftInSigmas(FaultKind.STEP_CHANGE);
    assertThat(Math.abs(shift)).isGreaterThan(5);
  }

  @Test
  void stuckSensorHasNoVarianceInTheFaultedStepOnly() {
    List<TraceSample> trace =
        trace(run("LOT1", 4).withFault(FaultKind.STUCK, MAIN_ETCH, PRESSURE), 2);

    assertThat(stats(trace, "main_etch", PRESSURE)[1]).isZero();
    assertThat(stats(trace, "over_etch", PRESSURE)[1]).isGreaterThan(0);
  }

  @Test
  void spikesAreOutliersFarBeyondNormalNoise() {
    List<TraceSample> faulted =
        trace(run("LOT1", 5).withFault(FaultKind.SPIKE, MAIN_ETCH, PRESSURE), 3);
    double[] normal = normalStats("main_etch", PRESSURE);

    assertThat(outliers(faulted, normal, 6)).isGreaterThanOrEqualTo(2);
    for (int w = 0; w < 10; w++) {
      assertThat(outliers(trace(run("LOT2", w + 1), 100 + w), normal, 6)).isZero();
    }
  }

  @Test
  void noiseBurstRaisesTheFaultedStepVariance() {
    List<TraceSample> faulted =
        trace(run("LOT1", 6).withFault(FaultKind.NOISE_BURST, MAIN_ETCH, PRESSURE), 4);

    assertThat(stats(faulted, "main_etch", PRESSURE)[1])
        .isGreaterThan(2.5 * normalStats("main_etch", PRESSURE)[1]);
  }

  @Test
  void sameRunAndSeedGiveTheSameTrace() {
    assertThat(trace(run("LOT1", 1), 9)).isEqualTo(trace(run("LOT1", 1), 9));
    assertThat(trace(run("LOT1", 1), 9)).isNotEqualTo(trace(run("LOT1", 1), 10));
  }

  /** (faulted step mean - normal step mean) / sample sigma, the fault on chamber pressure. */
  private double meanShiftInSigmas(FaultKind kind) {
    List<TraceSample> faulted = trace(run("LOT1", 7).withFault(kind, MAIN_ETCH, PRESSURE), 5);
    double[] normal = normalStats("main_etch", PRESSURE);
    return (stats(faulted, "main_etch", PRESSURE)[0] - normal[0]) / PRESSURE_SIGMA;
  }

  /** Mean and standard deviation of a sensor over the same step of 20 normal wafers. */
  private double[] normalStats(String step, String sensor) {
    double[] values =
        IntStream.range(0, 20)
            .mapToObj(w -> trace(run("LOT9", w + 1), 500 + w))
            .flatMap(t -> values(t, step, sensor).stream())
            .mapToDouble(Double::doubleValue)
            .toArray();
    return meanSd(values);
  }

  private static int outliers(List<TraceSample> trace, double[] normal, double sigmas) {
    return (int)
        values(trace, "main_etch", PRESSURE).stream()
            .filter(v -> Math.abs(v - normal[0]) > sigmas * normal[1])
            .count();
  }

  private static double[] stats(List<TraceSample> trace, String step, String sensor) {
    return meanSd(values(trace, step, sensor).stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The sensor's readings in a step once settled (after the first 2.5 s of the step). */
  private static List<Double> values(List<TraceSample> trace, String step, String sensor) {
    return trace.stream()
        .filter(s -> s.getRecipeStep().equals(step))
        .skip(SETTLING_SAMPLES)
        .map(s -> s.getSensorValues().get(s.getSensorNames().indexOf(sensor)))
        .toList();
  }

  private static double[] meanSd(double[] values) {
    double mean = java.util.Arrays.stream(values).average().orElseThrow();
    double var =
        java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
    return new double[] {mean, Math.sqrt(var)};
  }

  private List<TraceSample> trace(RunBuilder run, long seed) {
    return generator.trace(run.build(), new SplittableRandom(seed));
  }

  private static RunBuilder run(String lot, int slot) {
    return new RunBuilder(lot, slot);
  }

  /** {@code run("LOT1", 3).withFault(DRIFT, 2, "chamber_pressure")}. */
  private static final class RunBuilder {
    private final String lot;
    private final int slot;
    private InjectedFault fault;

    RunBuilder(String lot, int slot) {
      this.lot = lot;
      this.slot = slot;
    }

    RunBuilder withFault(FaultKind kind, int step, String sensor) {
      fault = new InjectedFault(kind, step, sensor, 8);
      return this;
    }

    ChamberRun build() {
      return new ChamberRun(
          "ETCH-01",
          "PM1",
          lot,
          lot + "-W" + slot,
          Instant.parse("2025-01-06T06:00:00Z"),
          Optional.ofNullable(fault));
    }
  }
}
