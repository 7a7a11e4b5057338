package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

  @Test
  void noTrialsGivesTheWholeUnitInterval() {
    WilsonInterval w = WilsonInterval.atConfidence(0, 0, 0.95);
    assertThat(w.lower()).isEqualTo(0.0);
    assertThat(w.upper()).isEqualTo(1.0);
    assertThat(w.estimate()).isNaN();
  }

  @Test
  void fiveOfTen() {
    // z = 1.959964, z^2 = 3.841459; denominator 1 + 0.3841459 = 1.3841459
    // centre (0.5 + 0.1920729) / 1.3841459 = 0.5
    // half 1.959964 * sqrt(0.025 + 3.841459 / 400) / 1.3841459
    //      = 1.959964 * sqrt(0.0346036) / 1.3841459 = 1.959964 * 0.1860204 / 1.3841459 = 0.2634069
    WilsonInterval w = WilsonInterval.atConfidence(5, 10, 0.95);
    assertThat(w.lower()).isCloseTo(0.2366, within(5e-5));
    assertThat(w.upper()).isCloseTo(0.7634, within(5e-5));
    assertThat(w.lower()).isCloseTo(0.2365931, within(1e-7));
    assertThat(w.estimate()).isEqualTo(0.5);
  }

  @Test
  void fiftyOfHundred() {
    // denominator 1 + 0.03841459 = 1.03841459; centre 0.5
    // half 1.959964 * sqrt(0.0025 + 3.841459 / 40000) / 1.03841459
    //      = 1.959964 * 0.0509513 / 1.03841459 = 0.0961685
    WilsonInterval w = WilsonInterval.atConfidence(50, 100, 0.95);
    assertThat(w.lower()).isCloseTo(0.4038, within(5e-5));
    assertThat(w.upper()).isCloseTo(0.5962, within(5e-5));
    assertThat(w.upper()).isCloseTo(0.5961685, within(1e-7));
  }

  @Test
  void zeroAndAllSuccesses() {
    // k = 0: centre = half = (z^2 / 2n) / (1 + z^2 / n), so lower = 0 and
    // upper = (z^2 / n) / (1 + z^2 / n) = 0.3841459 / 1.3841459 = 0.2775328 for n = 10
    WilsonInterval none = WilsonInterval.atConfidence(0, 10, 0.95);
    assertThat(none.lower()).isEqualTo(0.0);
    assertThat(none.upper()).isCloseTo(0.2775328, within(1e-7));
    // k = n mirrors it: [1 - 0.2775328, 1]
    WilsonInterval all = WilsonInterval.atConfidence(10, 10, 0.95);
    assertThat(all.lower()).isCloseTo(0.7224672, within(1e-7));
    assertThat(all.upper()).isEqualTo(1.0);
  }

  @Test
  void explicitZ() {
    // z = 1: 1/4 -> p 0.25, denominator 1.25, centre (0.25 + 0.125) / 1.25 = 0.3,
    // half sqrt(0.1875 / 4 + 1 / 64) / 1.25 = sqrt(0.0625) / 1.25 = 0.25 / 1.25 = 0.2
    WilsonInterval w = WilsonInterval.of(1, 4, 1.0);
    assertThat(w.lower()).isCloseTo(0.1, within(1e-15));
    assertThat(w.upper()).isCloseTo(0.5, within(1e-15));
    assertThat(w.contains(0.3)).isTrue();
    assertThat(w.contains(0.55)).isFalse();
    assertThat(w.z()).isEqualTo(1.0);
  }

  @Test
  void zForConfidence() {
    assertThat(WilsonInterval.zForConfidence(0.95)).isCloseTo(1.959964, within(1e-6));
    assertThat(WilsonInterval.zForConfidence(0.99)).isCloseTo(2.575829, within(1e-6));
    assertThat(WilsonInterval.zForConfidence(0.90)).isCloseTo(1.644854, within(1e-6));
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> WilsonInterval.of(11, 10, 1.96))
        .hasMessage("successes must be in [0, trials=10], got 11");
    assertThatThrownBy(() -> WilsonInterval.of(0, -1, 1.96))
        .hasMessage("trials must be >= 0, got -1");
    assertThatThrownBy(() -> WilsonInterval.of(1, 2, 0))
        .hasMessage("z must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> WilsonInterval.atConfidence(1, 2, 1.0))
        .hasMessage("confidence must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> new WilsonInterval(1, 2, 1.96, 0.6, 0.4))
        .hasMessageStartingWith("bounds must satisfy");
  }
}
