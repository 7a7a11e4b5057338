package io.fabstream.drift.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProbabilityCalibrationTest {

  @Test
  void poolAdjacentViolatorsTextbookExample() {
    // 1 3 2 4 3 5: 3 > 2 pools to 2.5, 4 > 3 pools to 3.5 -> 1 2.5 2.5 3.5 3.5 5
    double[] fitted =
        ProbabilityCalibration.pav(
            new double[] {1, 3, 2, 4, 3, 5}, new double[] {1, 1, 1, 1, 1, 1});
    assertThat(fitted).containsExactly(1, 2.5, 2.5, 3.5, 3.5, 5);
  }

  @Test
  void poolAdjacentViolatorsCascadesAndWeighs() {
    // 3 2 1: 3 > 2 pools to 2.5, then 2.5 > 1 pools the three to 2
    assertThat(ProbabilityCalibration.pav(new double[] {3, 2, 1}, new double[] {1, 1, 1}))
        .containsExactly(2, 2, 2);
    // weighted: (3 * 1 + 1 * 3) / 4 = 1.5
    assertThat(ProbabilityCalibration.pav(new double[] {3, 1}, new double[] {1, 3}))
        .containsExactly(1.5, 1.5);
    // already increasing: unchanged
    assertThat(ProbabilityCalibration.pav(new double[] {0, 0.5, 1}, new double[] {1, 1, 1}))
        .containsExactly(0, 0.5, 1);
  }

  @Test
  void fitsAStepFunctionOnBinaryOutcomes() {
    // sorted: 0.5 T, 0.6 F, 0.7 F, 0.8 T, 0.9 T, 0.95 T -> 1 0 0 1 1 1
    // 1 > 0 pools to 0.5; 0.5 > 0 pools to 1/3; then 1 1 1 -> knots (0.5, 1/3), (0.8, 1)
    // given out of order: the fit sorts by confidence
    ProbabilityCalibration c =
        ProbabilityCalibration.fit(
            new double[] {0.9, 0.6, 0.5, 0.95, 0.8, 0.7},
            new boolean[] {true, false, true, true, true, false});
    assertThat(c.thresholds()).containsExactly(0.5, 0.8);
    assertThat(c.levels()).containsExactly(new double[] {1 / 3.0, 1}, within(1e-15));
    assertThat(c.apply(0.3)).isCloseTo(1 / 3.0, within(1e-15)); // below the range: first level
    assertThat(c.apply(0.5)).isCloseTo(1 / 3.0, within(1e-15));
    assertThat(c.apply(0.79)).isCloseTo(1 / 3.0, within(1e-15));
    assertThat(c.apply(0.8)).isEqualTo(1.0);
    assertThat(c.apply(1.5)).isEqualTo(1.0);
    assertThat(c.isIdentity()).isFalse();
  }

  @Test
  void equalConfidencesArePooledWhateverTheOrder() {
    // 0.6 T; 0.7 T and F -> points (0.6, 1, w 1), (0.7, 0.5, w 2); 1 > 0.5 pools to 2/3
    ProbabilityCalibration a =
        ProbabilityCalibration.fit(new double[] {0.7, 0.7, 0.6}, new boolean[] {true, false, true});
    ProbabilityCalibration b =
        ProbabilityCalibration.fit(new double[] {0.6, 0.7, 0.7}, new boolean[] {true, false, true});
    assertThat(a.thresholds()).containsExactly(0.6);
    assertThat(a.levels()).containsExactly(new double[] {2 / 3.0}, within(1e-15));
    assertThat(b).isEqualTo(a);
  }

  @Test
  void applyIsMonotoneAndInTheUnitInterval() {
    ProbabilityCalibration c =
        ProbabilityCalibration.fit(
            new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9},
            new boolean[] {false, true, false, false, true, false, true, true, true});
    double previous = -1;
    for (int i = -10; i <= 110; i++) {
      double p = c.apply(i / 100.0);
      assertThat(p).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
      previous = p;
    }
    // 0 1 0 0 1 0 1 1 1: 1 then 0 pools to 0.5 (0.2-0.3), the next 0 pools to 1/3 (0.2-0.4),
    // which stays above the first 0; 1 then 0 pools to 0.5 (0.5-0.6); 1 1 1 (0.7-0.9).
    // Levels 0, 1/3, 1/2, 1 from 0.1, 0.2, 0.5, 0.7
    assertThat(c.thresholds()).containsExactly(0.1, 0.2, 0.5, 0.7);
    assertThat(c.levels()).containsExactly(new double[] {0, 1 / 3.0, 0.5, 1}, within(1e-15));
  }

  @Test
  void identityClampsToTheUnitInterval() {
    ProbabilityCalibration id = ProbabilityCalibration.identity();
    assertThat(id.isIdentity()).isTrue();
    assertThat(id.apply(0.7)).isEqualTo(0.7);
    assertThat(id.apply(1.2)).isEqualTo(1.0);
    assertThat(id.apply(-0.1)).isEqualTo(0.0);
    assertThat(id.thresholds()).isEmpty();
  }

  @Test
  void codecRoundTripsEqual() {
    ProbabilityCalibration c =
        ProbabilityCalibration.ofKnots(new double[] {0.2, 0.6, 0.9}, new double[] {0.1, 0.5, 0.95});
    byte[] bytes = c.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes).hasSize(1 + 1 + 4 + 3 * 16); // version, kind, count, knots
    assertThat(ProbabilityCalibration.fromBytes(bytes)).isEqualTo(c);
    assertThat(ProbabilityCalibration.fromBytes(ProbabilityCalibration.identity().toBytes()))
        .isSameAs(ProbabilityCalibration.identity());
    assertThatThrownBy(() -> ProbabilityCalibration.fromBytes(new byte[] {1, 5}))
        .hasMessage("cannot decode ProbabilityCalibration: unknown calibration kind 5");
  }

  @Test
  void validation() {
    assertThatThrownBy(
            () -> ProbabilityCalibration.ofKnots(new double[] {0.2, 0.2}, new double[] {0.1, 0.2}))
        .hasMessage(
            "thresholds must be strictly increasing, but threshold 1 = 0.2 is not above 0.2");
    assertThatThrownBy(
            () -> ProbabilityCalibration.ofKnots(new double[] {0.2, 0.3}, new double[] {0.5, 0.4}))
        .hasMessage("levels must be non-decreasing, but level 1 = 0.4 is below 0.5");
    assertThatThrownBy(() -> ProbabilityCalibration.ofKnots(new double[] {0.2}, new double[] {1.5}))
        .hasMessage("level 0 is not in [0, 1]: 1.5");
    assertThatThrownBy(() -> ProbabilityCalibration.fit(new double[] {0.5}, new boolean[0]))
        .hasMessage("confidences and outcomes differ in length: 1 and 0");
    assertThatThrownBy(() -> ProbabilityCalibration.fit(new double[0], new boolean[0]))
        .hasMessage("at least one reference pair is required");
    assertThatThrownBy(
            () -> ProbabilityCalibration.fit(new double[] {Double.NaN}, new boolean[] {true}))
        .hasMessage("confidence 0 is not finite: NaN");
    assertThatThrownBy(() -> ProbabilityCalibration.identity().apply(Double.NaN))
        .hasMessage("confidence must not be NaN");
  }
}
