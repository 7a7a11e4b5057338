package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PerformanceCheckTest {

  private final PerformanceCheck check = new PerformanceCheck(PerformanceCheck.Config.defaults());

  @Test
  void defaults() {
    PerformanceCheck.Config c = PerformanceCheck.Config.defaults();
    assertThat(c.minCount()).isEqualTo(50);
    assertThat(c.confidence()).isEqualTo(0.95);
    assertThat(c.tolerance()).isEqualTo(0.02);
  }

  @Test
  void tooFewLabelsIsNotDecided() {
    PerformanceCheck.Result r = check.evaluate(2, 12, 0.95);
    assertThat(r.evaluated()).isFalse();
    assertThat(r.drifted()).isFalse();
    assertThat(r.reason()).isEqualTo("n=12 below minimum 50");
    assertThat(r.value()).isCloseTo(2 / 12.0, within(1e-15));
    assertThat(r.threshold()).isCloseTo(0.93, within(1e-15));
    PerformanceCheck.Result none = check.evaluate(0, 0, 0.95);
    assertThat(none.value()).isNaN();
    assertThat(none.lower()).isZero();
    assertThat(none.upper()).isEqualTo(1.0);
    assertThat(none.reason()).isEqualTo("n=0 below minimum 50");
  }

  @Test
  void clearDropIsDrift() {
    // 40 / 50 = 0.8, z^2 / n = 3.841459 / 50 = 0.0768292, denominator 1.0768292
    // centre (0.8 + 0.0384146) / 1.0768292 = 0.7785957
    // half 1.959964 * sqrt(0.0032 + 3.841459 / 10000) / 1.0768292 = 1.959964 * 0.0598677 /
    // 1.0768292
    //      = 0.1089668; upper 0.8875625 < 0.95 - 0.02 = 0.93; lower 0.6696289
    PerformanceCheck.Result r = check.evaluate(40, 50, 0.95);
    assertThat(r.evaluated()).isTrue();
    assertThat(r.drifted()).isTrue();
    assertThat(r.value()).isEqualTo(0.8);
    assertThat(r.upper()).isCloseTo(0.8875625, within(1e-7));
    assertThat(r.lower()).isCloseTo(0.6696289, within(1e-7));
    assertThat(r.n()).isEqualTo(50);
    assertThat(r.successes()).isEqualTo(40);
    assertThat(r.baseline()).isEqualTo(0.95);
    assertThat(r.reason())
        .isEqualTo(
            "upper bound 0.8876 below threshold 0.9300 (baseline 0.9500 - tolerance 0.0200)");
  }

  @Test
  void pointEstimateBelowBaselineIsNotEnough() {
    // 44 / 50 = 0.88 is below 0.93, but the Wilson upper bound 0.9438240 is not
    PerformanceCheck.Result r = check.evaluate(44, 50, 0.95);
    assertThat(r.evaluated()).isTrue();
    assertThat(r.drifted()).isFalse();
    assertThat(r.upper()).isCloseTo(0.9438240, within(1e-7));
    assertThat(r.reason()).startsWith("upper bound 0.9438 not below threshold 0.9300");
  }

  @Test
  void toleranceMovesTheThreshold() {
    // same 44 / 50 with tolerance 0 and confidence 0.5 (z = 0.6744898):
    // z^2 = 0.4549364, /50 = 0.0090987, denominator 1.0090987
    // centre (0.88 + 0.0045494) / 1.0090987 = 0.8765737
    // half 0.6744898 * sqrt(0.002112 + 0.4549364 / 10000) / 1.0090987
    //      = 0.6744898 * 0.0464488 / 1.0090987 = 0.0310468; upper 0.9076204 < 0.95
    PerformanceCheck strict = new PerformanceCheck(new PerformanceCheck.Config(50, 0.5, 0));
    PerformanceCheck.Result r = strict.evaluate(44, 50, 0.95);
    assertThat(r.upper()).isCloseTo(0.9076204, within(1e-7));
    assertThat(r.threshold()).isEqualTo(0.95);
    assertThat(r.drifted()).isTrue();
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> new PerformanceCheck.Config(0, 0.95, 0.02))
        .hasMessage("minCount must be >= 1, got 0");
    assertThatThrownBy(() -> new PerformanceCheck.Config(50, 1.0, 0.02))
        .hasMessage("confidence must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> new PerformanceCheck.Config(50, 0.95, -0.01))
        .hasMessage("tolerance must be in [0, 1), got -0.01");
    assertThatThrownBy(() -> check.evaluate(1, 100, 1.2))
        .hasMessage("baseline must be in [0, 1], got 1.2");
    assertThatThrownBy(() -> check.evaluate(101, 100, 0.9))
        .hasMessage("successes must be in [0, trials=100], got 101");
    assertThatThrownBy(() -> new PerformanceCheck(null)).hasMessage("config must not be null");
  }
}
