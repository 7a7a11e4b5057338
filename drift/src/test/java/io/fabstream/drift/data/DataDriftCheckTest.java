package io.fabstream.drift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDriftCheckTest {

  /** Pressure 1..20 as the reference: quantile bins of two values each (10 bins). */
  private static List<Map<String, Double>> pressures(double from, int n) {
    List<Map<String, Double>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Map.of("pressure", from + i, "flow", 5.0 + (i % 4)));
    }
    return out;
  }

  @Test
  void aWindowLikeTheReferenceDoesNotAlarm() {
    DataDriftReference reference = DataDriftReference.fit(pressures(1, 20), 10);
    FeatureWindow window = reference.newWindow();
    pressures(1, 20).forEach(window::add);

    DataDriftVerdict v = new DataDriftCheck(DataDriftConfig.defaults()).evaluate(window);

    assertThat(v.alarm()).isFalse();
    assertThat(v.features()).hasSize(2);
    assertThat(v.features()).allSatisfy(f -> assertThat(f.statistic()).isZero());
    assertThat(v.maxPsi()).isCloseTo(0, within(1e-12));
  }

  @Test
  void aWindowBeyondTheReferenceRangeAlarmsOnTheShiftedFeatureOnly() {
    DataDriftReference reference = DataDriftReference.fit(pressures(1, 20), 10);
    FeatureWindow window = reference.newWindow();
    // pressure 101..110, all in the overflow bin; flow as before
    pressures(101, 10).forEach(window::add);

    DataDriftVerdict v = new DataDriftCheck(DataDriftConfig.defaults()).evaluate(window);

    assertThat(v.alarm()).isTrue();
    assertThat(v.drifted()).extracting(FeatureDrift::feature).containsExactly("pressure");
    FeatureDrift p = v.features().get(0);
    assertThat(p.feature()).isEqualTo("pressure");
    // every reference value is below every window value: D = 1
    assertThat(p.statistic()).isEqualTo(1.0);
    assertThat(p.n()).isEqualTo(10);
    // PSI by hand: ten reference bins of 0.1 against eps, and the overflow bin 1 against eps
    double eps = 1e-4;
    double expected = 10 * (eps - 0.1) * Math.log(eps / 0.1) + (1 - eps) * Math.log(1 / eps);
    assertThat(p.psi()).isCloseTo(expected, within(0.05));
  }

  @Test
  void aSmallWindowDoesNotAlarmOnAModestShiftBecauseKsTakesItsSizeIntoAccount() {
    DataDriftReference reference = DataDriftReference.fit(pressures(1, 20), 10);
    FeatureWindow window = reference.newWindow();
    // two wafers near the top of the reference range: D = 0.9 at best, but n = 2
    window.add(Map.of("pressure", 18.5, "flow", 6.0));
    window.add(Map.of("pressure", 19.5, "flow", 6.0));

    DataDriftVerdict v = new DataDriftCheck(DataDriftConfig.defaults()).evaluate(window);

    assertThat(v.alarm()).isFalse();
    assertThat(v.features().get(0).pValue()).isGreaterThan(0.01 / 2);
  }

  @Test
  void theRuleCanAskForSeveralDriftedFeatures() {
    DataDriftReference reference = DataDriftReference.fit(pressures(1, 20), 10);
    FeatureWindow window = reference.newWindow();
    pressures(101, 10).forEach(window::add);

    DataDriftVerdict v =
        new DataDriftCheck(new DataDriftConfig(0.01, 0.25, 2, 10)).evaluate(window);

    assertThat(v.drifted()).hasSize(1);
    assertThat(v.alarm()).isFalse();
  }

  @Test
  void aScopeWithFewerFeaturesThanTheRuleAsksForAlarmsWhenAllOfThemDrift() {
    List<Map<String, Double>> reference = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      reference.add(Map.of("fault_probability", 0.01 * (i % 10)));
    }
    FeatureWindow window = DataDriftReference.fit(reference, 10).newWindow();
    for (int i = 0; i < 10; i++) {
      window.add(Map.of("fault_probability", 0.9));
    }

    DataDriftVerdict v =
        new DataDriftCheck(new DataDriftConfig(0.01, 0.25, 3, 10)).evaluate(window);

    assertThat(v.drifted()).hasSize(1);
    assertThat(v.alarm()).isTrue();
  }

  @Test
  void missingValuesAndUnknownFeaturesDoNotCount() {
    DataDriftReference reference = DataDriftReference.fit(pressures(1, 20), 10);
    FeatureWindow window = reference.newWindow();
    window.add(Map.of("flow", 5.0, "new_sensor", 1.0));
    window.add(Map.of("flow", 6.0, "pressure", Double.NaN));

    DataDriftVerdict v = new DataDriftCheck(DataDriftConfig.defaults()).evaluate(window);

    assertThat(v.features()).extracting(FeatureDrift::feature).containsExactly("flow");
    assertThat(window.histograms().get("pressure").nanCount()).isEqualTo(2);
  }

  @Test
  void theReferenceSurvivesItsByteForm() {
    DataDriftReference reference = DataDriftReference.fit(pressures(1, 20), 10);

    DataDriftReference back = DataDriftReference.fromBytes(reference.toBytes());

    assertThat(back.features()).isEqualTo(reference.features());
  }

  @Test
  void aCategoricalFeatureGetsOneBinPerClassAndAChiSquareTest() {
    List<Map<String, Double>> mix = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      mix.add(Map.of("class_mix", i % 3 == 0 ? 0.0 : 2.0));
    }
    DataDriftReference reference = DataDriftReference.fit(mix, 10, java.util.Set.of("class_mix"));
    assertThat(reference.isCategorical("class_mix")).isTrue();
    // codes 0..2: three inner bins, the unseen class 1 included
    assertThat(reference.features().get("class_mix").edges().innerBins()).isEqualTo(3);
    DataDriftReference back = DataDriftReference.fromBytes(reference.toBytes());
    assertThat(back.isCategorical("class_mix")).isTrue();

    FeatureWindow window = back.newWindow();
    for (int i = 0; i < 30; i++) {
      window.add(Map.of("class_mix", 1.0));
    }
    DataDriftVerdict v = new DataDriftCheck(DataDriftConfig.defaults()).evaluate(window);
    assertThat(v.features().get(0).test()).isEqualTo("chi2");
    assertThat(v.alarm()).isTrue();
    assertThatThrownBy(
            () ->
                DataDriftReference.fit(
                    List.of(Map.of("class_mix", 0.5)), 10, java.util.Set.of("class_mix")))
        .hasMessageContaining("not a category code");
  }

  @Test
  void badRulesAreRefusedWithTheirLimits() {
    assertThatThrownBy(() -> new DataDriftConfig(0, 0.25, 1, 10)).hasMessageContaining("ksAlpha");
    assertThatThrownBy(() -> new DataDriftConfig(0.01, 0.25, 0, 10))
        .hasMessageContaining("minDriftedFeatures");
    assertThatThrownBy(() -> new DataDriftConfig(0.01, 0.25, 1, 1)).hasMessageContaining("bins");
  }
}
