package io.fabstream.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.schemas.DefectPattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

  private final SimulatorConfig defaults = SimulatorConfig.defaults();

  @Test
  void defaultsDescribeASmallEtchBay() {
    assertThat(defaults.etchTools())
        .hasSize(2)
        .allSatisfy(t -> assertThat(t.chambers()).hasSize(2));
    assertThat(defaults.sensors()).hasSize(20);
    assertThat(defaults.recipe().steps()).hasSize(4);
    assertThat(defaults.traceRateHz()).isEqualTo(10.0);
    assertThat(defaults.products())
        .extracting(p -> p.rows() + "x" + p.cols())
        .containsExactly("26x26", "32x30", "45x45");
    assertThat(defaults.patternMix()).containsOnlyKeys(DefectPattern.values());
    assertThat(defaults.patternShares().get(DefectPattern.NONE)).isLessThan(0.5);
    assertThat(defaults.faultKinds()).containsExactly(FaultKind.values());
  }

  @Test
  void rejectsImpossibleSettingsNamingTheField() {
    assertThatThrownBy(() -> defaults.withTraceRateHz(0))
        .hasMessageContaining("traceRateHz must be in (0, 1000]");
    assertThatThrownBy(() -> defaults.withFaults(1.5, List.of(FaultKind.DRIFT)))
        .hasMessageContaining("faultProbability must be in [0, 1]");
    assertThatThrownBy(() -> defaults.withFaults(0.2, List.of()))
        .hasMessageContaining("faultKinds must not be empty");
    assertThatThrownBy(() -> defaults.withGroundTruthDelay(Duration.ofSeconds(-1)))
        .hasMessageContaining("groundTruthDelay");
    assertThatThrownBy(() -> defaults.withSpeedUp(0)).hasMessageContaining("speedUp must be > 0");
    assertThatThrownBy(() -> defaults.withWafersPerLot(26))
        .hasMessageContaining("wafersPerLot must be in 1..25");
    assertThatThrownBy(() -> defaults.withPatternMix(Map.of(DefectPattern.NONE, 0.0)))
        .hasMessageContaining("sum to more than 0");
    assertThatThrownBy(() -> defaults.withPatternMix(Map.of(DefectPattern.NONE, -1.0)))
        .hasMessageContaining("finite and >= 0");
    assertThatThrownBy(() -> defaults.withProducts(List.of()))
        .hasMessageContaining("products must not be empty");
    assertThatThrownBy(() -> new ProductSpec("tiny", 4, 4, 0))
        .hasMessageContaining("die grid must be");
    assertThatThrownBy(() -> new SensorSpec("RF Power", "W", 1, 1))
        .hasMessageContaining("snake_case");
    assertThatThrownBy(() -> new ToolSpec("ETCH/1", List.of("PM1"))).hasMessageContaining("no '/'");
  }

  @Test
  void noFaultKindsAreNeededWhenNoFaultsAreInjected() {
    assertThat(defaults.withFaults(0, List.of()).faultProbability()).isZero();
  }
}
