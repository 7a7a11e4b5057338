package io.fabstream.inference.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.inference.registry.ModelManifest.Decision;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaultThresholdTest {

  /** 100 normal runs at p = 0.00, 0.01, ..., 0.99 scaled by {@code scale}, then the faults. */
  private static double[] probabilities(double scale, double... faults) {
    double[] p = new double[100 + faults.length];
    for (int i = 0; i < 100; i++) {
      p[i] = i / 100.0 * scale;
    }
    System.arraycopy(faults, 0, p, 100, faults.length);
    return p;
  }

  private static int[] labels(int faults) {
    int[] y = new int[100 + faults];
    Arrays.fill(y, 100, y.length, 1);
    return y;
  }

  @Test
  void dropsToTheLowestOutOfFoldFaultWhenFewNormalRunsReachIt() {
    // normals 0.000 .. 0.099 (scale 0.1); p99 = the 99th of 100 sorted = 0.098; faults 0.2, 0.9
    Decision d = FaultThreshold.fromOutOfFold(probabilities(0.1, 0.2, 0.9), labels(2));
    assertThat(d.positiveClass()).isEqualTo("fault");
    assertThat(d.threshold()).isEqualTo(0.2);
    assertThat(d.basis()).contains("flags 2 of 2 faults and 0 of 100 normal runs");
  }

  @Test
  void neverFlagsMoreThanAboutOnePercentOfNormalRuns() {
    // normals 0.00 .. 0.99; a fault at 0.05 would flag 95 normals: the p99 of normals (0.98) wins,
    // capped at 0.5
    Decision d = FaultThreshold.fromOutOfFold(probabilities(1.0, 0.05, 0.95), labels(2));
    assertThat(d.threshold()).isEqualTo(0.5);
    // normals 0.000 .. 0.396 (scale 0.4): p99 = 0.392 sits above the 0.05 fault
    Decision lower = FaultThreshold.fromOutOfFold(probabilities(0.4, 0.05, 0.95), labels(2));
    assertThat(lower.threshold()).isCloseTo(0.392, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(lower.basis()).contains("flags 1 of 2 faults and 2 of 100 normal runs");
  }

  @Test
  void neverRisesAboveOneHalf() {
    // every fault is confident: the most probable class already catches them all
    Decision d = FaultThreshold.fromOutOfFold(probabilities(0.1, 0.97, 0.99), labels(2));
    assertThat(d.threshold()).isEqualTo(0.5);
  }

  @Test
  void needsBothClasses() {
    assertThatThrownBy(
            () -> FaultThreshold.fromOutOfFold(new double[] {0.1, 0.2}, new int[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 faulty and 2 normal");
    assertThatThrownBy(() -> FaultThreshold.fromOutOfFold(new double[] {0.1}, new int[] {0, 1}))
        .hasMessageContaining("one label per probability");
  }
}
