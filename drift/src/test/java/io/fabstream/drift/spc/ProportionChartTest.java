package io.fabstream.drift.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.drift.spc.WesternElectricRules.Rule;
import org.junit.jupiter.api.Test;

class ProportionChartTest {

  @Test
  void standardisesEachBucketWithItsOwnSampleSize() {
    ProportionChart chart = new ProportionChart(0.1, 20);
    // n = 100: sigma = sqrt(0.1 * 0.9 / 100) = 0.03; 10 / 100 sits on the centre
    ProportionChart.Point centre = chart.add(10, 100);
    assertThat(centre.evaluated()).isTrue();
    assertThat(centre.p()).isEqualTo(0.1);
    assertThat(centre.z()).isZero();
    assertThat(centre.lowerLimit()).isCloseTo(0.01, within(1e-12)); // 0.1 - 3 * 0.03
    assertThat(centre.upperLimit()).isCloseTo(0.19, within(1e-12)); // 0.1 + 3 * 0.03
    assertThat(centre.fired()).isEmpty();
    assertThat(centre.reason()).isEmpty();
    // the same rate 0.2 on 25 and on 900 items:
    // n = 25: sigma = sqrt(0.09 / 25) = 0.06, z = 0.1 / 0.06 = 1.6667
    ProportionChart.Point small = chart.add(5, 25);
    assertThat(small.z()).isCloseTo(1.6666667, within(1e-7));
    assertThat(small.lowerLimit()).isZero(); // 0.1 - 0.18 < 0
    assertThat(small.upperLimit()).isCloseTo(0.28, within(1e-12));
    assertThat(small.fired()).isEmpty();
    // n = 900: sigma = sqrt(0.09 / 900) = 0.01, z = 0.1 / 0.01 = 10 -> rule 1
    ProportionChart.Point large = chart.add(180, 900);
    assertThat(large.z()).isCloseTo(10, within(1e-9));
    assertThat(large.fired()).containsExactly(Rule.ONE_BEYOND_3_SIGMA);
  }

  @Test
  void smallBucketsAreNotEvaluatedAndDoNotFeedTheRules() {
    ProportionChart chart = new ProportionChart(0.1, 20);
    // n = 100, sigma 0.03: 17 / 100 -> z = 0.07 / 0.03 = 2.3333
    assertThat(chart.add(17, 100).z()).isCloseTo(2.3333333, within(1e-7));
    ProportionChart.Point skipped = chart.add(9, 10);
    assertThat(skipped.evaluated()).isFalse();
    assertThat(skipped.z()).isNaN();
    assertThat(skipped.p()).isEqualTo(0.9);
    assertThat(skipped.fired()).isEmpty();
    assertThat(skipped.reason()).isEqualTo("n=10 below minimum 20");
    assertThat(chart.recentPoints()).hasSize(1);
    // 10 / 100 (z = 0) then 17 / 100 again: two of three beyond +2 among the evaluated buckets
    assertThat(chart.add(10, 100).fired()).isEmpty();
    assertThat(chart.add(17, 100).fired()).containsExactly(Rule.TWO_OF_THREE_BEYOND_2_SIGMA);
    ProportionChart.Point empty = chart.add(0, 0);
    assertThat(empty.evaluated()).isFalse();
    assertThat(empty.p()).isNaN();
  }

  @Test
  void centreOfZeroMakesAnyAnomalyOutOfControl() {
    ProportionChart chart = new ProportionChart(0.0, 10);
    ProportionChart.Point clean = chart.add(0, 50);
    assertThat(clean.z()).isZero();
    assertThat(clean.fired()).isEmpty();
    assertThat(clean.upperLimit()).isZero();
    ProportionChart.Point one = chart.add(1, 50);
    assertThat(one.z()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(one.fired()).contains(Rule.ONE_BEYOND_3_SIGMA);
  }

  @Test
  void centreOfOneMirrorsIt() {
    ProportionChart chart = new ProportionChart(1.0, 10);
    assertThat(chart.add(50, 50).z()).isZero();
    ProportionChart.Point miss = chart.add(49, 50);
    assertThat(miss.z()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(miss.fired()).containsExactly(Rule.ONE_BEYOND_3_SIGMA);
  }

  @Test
  void codecRoundTripsAndContinuesIdentically() {
    ProportionChart chart = new ProportionChart(0.1, 20);
    chart.add(17, 100); // z = 2.3333
    chart.add(10, 100); // z = 0
    byte[] bytes = chart.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1);
    ProportionChart back = ProportionChart.fromBytes(bytes);
    assertThat(back).isEqualTo(chart);
    assertThat(back.centre()).isEqualTo(0.1);
    assertThat(back.minSampleSize()).isEqualTo(20);
    assertThat(back.recentPoints()).hasSize(2);
    // both continue to fire rule 2 at the next 17 / 100
    assertThat(back.add(17, 100).fired()).containsExactly(Rule.TWO_OF_THREE_BEYOND_2_SIGMA);
    assertThat(chart.add(17, 100).fired()).containsExactly(Rule.TWO_OF_THREE_BEYOND_2_SIGMA);
    assertThat(back).isEqualTo(chart);
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> new ProportionChart(-0.1, 10))
        .hasMessage("centre p0 must be in [0, 1], got -0.1");
    assertThatThrownBy(() -> new ProportionChart(Double.NaN, 10))
        .hasMessage("centre p0 must be in [0, 1], got NaN");
    assertThatThrownBy(() -> new ProportionChart(0.1, 0))
        .hasMessage("minSampleSize must be >= 1, got 0");
    ProportionChart chart = new ProportionChart(0.1, 10);
    assertThatThrownBy(() -> chart.add(11, 10))
        .hasMessage("anomalies must be in [0, n=10], got 11");
    assertThatThrownBy(() -> chart.add(0, -1)).hasMessage("n must be >= 0, got -1");
    byte[] bad = new ProportionChart(0.1, 10).toBytes();
    bad[1] = 0x7f; // centre's bits 0x7fb99... are a NaN
    assertThatThrownBy(() -> ProportionChart.fromBytes(bad))
        .hasMessageStartingWith("cannot decode ProportionChart: centre p0 must be in [0, 1]");
  }
}
