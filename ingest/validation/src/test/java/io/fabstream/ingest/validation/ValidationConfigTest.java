package io.fabstream.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidationConfigTest {

  private final ValidationConfig defaults = ValidationConfig.defaults("http://localhost:8081");

  @Test
  void defaultsCoverTheCommonSensorFamilies() {
    assertThat(defaults.sensorLimits())
        .extracting(SensorLimit::namePattern)
        .containsExactly("*pressure*", "*power*", "*temp*", "*flow*");
    assertThat(defaults.applicationId()).isEqualTo("fabstream-validation");
    assertThat(defaults.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(ValidationConfig.DESCRIPTIONS)
        .containsKeys("applicationId", "registryUrl", "sensorLimits", "maxFutureSkew");
    assertThat(defaults.describe()).contains("registryUrl=http://localhost:8081");
  }

  @Test
  void refusesAMissingOrMalformedRegistryUrl() {
    assertThatThrownBy(() -> ValidationConfig.defaults(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registryUrl must be set");
    assertThatThrownBy(() -> ValidationConfig.defaults("localhost:8081"))
        .hasMessageContaining("http(s) URL")
        .hasMessageContaining("localhost:8081");
  }

  @Test
  void refusesSettingsThatWouldRejectEverything() {
    assertThatThrownBy(() -> defaults.withApplicationId("fab validation"))
        .hasMessageContaining("applicationId")
        .hasMessageContaining("'fab validation'");
    assertThatThrownBy(() -> defaults.withMaxFutureSkew(Duration.ofSeconds(-1)))
        .hasMessageContaining("maxFutureSkew");
    assertThatThrownBy(() -> defaults.withMaxGridSide(0)).hasMessageContaining("maxGridSide");
    assertThatThrownBy(() -> defaults.withMaxSlot(0)).hasMessageContaining("maxSlot");
    assertThatThrownBy(() -> defaults.withAbsoluteSensorBound(0))
        .hasMessageContaining("absoluteSensorBound");
    assertThatThrownBy(() -> defaults.withStreamThreads(0)).hasMessageContaining("streamThreads");
    assertThatThrownBy(() -> defaults.withSensorLimits(null)).hasMessageContaining("sensorLimits");
  }

  @Test
  void withersChangeOneSettingOnly() {
    ValidationConfig changed = defaults.withMaxSlot(50).withStreamThreads(2);
    assertThat(changed.maxSlot()).isEqualTo(50);
    assertThat(changed.streamThreads()).isEqualTo(2);
    assertThat(changed.withMaxSlot(25).withStreamThreads(1)).isEqualTo(defaults);
  }
}
