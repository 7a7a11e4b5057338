package io.fabstream.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SensorLimitTest {

  @Test
  void matchesSensorFamiliesByGlobIgnoringCase() {
    SensorLimit pressure = new SensorLimit("*pressure*", 0, 1000);
    assertThat(pressure.matches("chamber_pressure")).isTrue();
    assertThat(pressure.matches("Foreline_Pressure_Torr")).isTrue();
    assertThat(pressure.matches("rf_power")).isFalse();
    assertThat(new SensorLimit("esc_temp_?", 0, 1).matches("esc_temp_2")).isTrue();
    assertThat(new SensorLimit("esc_temp_?", 0, 1).matches("esc_temp_12")).isFalse();
    assertThat(new SensorLimit("a.b", 0, 1).matches("axb")).as("dot is literal").isFalse();
  }

  @Test
  void parsesTheCommandLineForm() {
    SensorLimit limit = SensorLimit.parse("*flow*=0..5000");
    assertThat(limit).isEqualTo(new SensorLimit("*flow*", 0, 5000));
    assertThat(SensorLimit.parse("dc_bias=-1500..0").min()).isEqualTo(-1500);
  }

  @Test
  void refusesMalformedLimitsWithTheOffendingText() {
    assertThatThrownBy(() -> SensorLimit.parse("rf_power:0-100"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern=min..max")
        .hasMessageContaining("rf_power:0-100");
    assertThatThrownBy(() -> SensorLimit.parse("rf_power=zero..100"))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> new SensorLimit("rf_power", 10, 1))
        .hasMessageContaining("min 10.0 above max 1.0");
    assertThatThrownBy(() -> new SensorLimit("rf_power", Double.NaN, 1))
        .hasMessageContaining("finite");
  }
}
