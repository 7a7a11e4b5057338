package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StandardNormalTest {

  @Test
  void cdfAtKnownPoints() {
    assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
    // table values: Phi(1) = 0.8413447, Phi(-1) = 0.1586553, Phi(1.959964) = 0.975
    assertThat(StandardNormal.cdf(1)).isCloseTo(0.8413447461, within(1e-10));
    assertThat(StandardNormal.cdf(-1)).isCloseTo(0.1586552539, within(1e-10));
    assertThat(StandardNormal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-12));
    assertThat(StandardNormal.cdf(9)).isEqualTo(1.0);
    assertThat(StandardNormal.cdf(-9)).isEqualTo(0.0);
  }

  @Test
  void densityAtZero() {
    // 1 / sqrt(2 pi) = 0.3989423
    assertThat(StandardNormal.density(0)).isCloseTo(0.3989423, within(1e-7));
  }

  @Test
  void quantileInvertsTheCdf() {
    assertThat(StandardNormal.quantile(0.5)).isEqualTo(0.0);
    assertThat(StandardNormal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-12));
    assertThat(StandardNormal.quantile(0.025)).isCloseTo(-1.959963984540054, within(1e-12));
    // Phi^-1(0.995) = 2.5758293
    assertThat(StandardNormal.quantile(0.995)).isCloseTo(2.5758293035, within(1e-9));
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> StandardNormal.quantile(1)).hasMessage("p must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> StandardNormal.cdf(Double.NaN)).hasMessage("x must not be NaN");
  }
}
