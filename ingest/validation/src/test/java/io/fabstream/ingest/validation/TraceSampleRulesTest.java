package io.fabstream.ingest.validation;

import static io.fabstream.ingest.validation.FabFixtures.NOW;
import static io.fabstream.ingest.validation.FabFixtures.NOW_MILLIS;
import static io.fabstream.ingest.validation.FabFixtures.sample;
import static io.fabstream.ingest.validation.VerdictAssert.assertAccepted;
import static io.fabstream.ingest.validation.VerdictAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TraceSampleRulesTest {

  private final TraceSampleRules rules =
      new TraceSampleRules(
          new EventTimeRule(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofMinutes(5)),
          Stream.concat(
                  Stream.of(new SensorLimit("esc_temp", -50, 150)),
                  ValidationConfig.DEFAULT_SENSOR_LIMITS.stream())
              .toList(),
          1e9);

  @Test
  void acceptsAWellFormedSample() {
    assertAccepted(rules.check(sample("ETCH01", "PM1").build(), NOW_MILLIS));
  }

  @Test
  void rejectsABlankChamber() {
    assertRejected(
        rules.check(sample("ETCH01", " ").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "chamber");
  }

  @Test
  void rejectsABlankRecipe() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").inRecipe("").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "recipe");
  }

  @Test
  void rejectsASampleWithoutWafer() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").ofWafer("LOT1", "").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "wafer");
  }

  @Test
  void rejectsNamesAndValuesOfDifferentLength() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withMissingValue().build(), NOW_MILLIS),
        ReasonCode.SENSOR_ARRAYS_MISMATCH,
        "sensorNames has 2",
        "sensorValues has 1");
  }

  @Test
  void rejectsASampleWithoutSensors() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withoutSensors().build(), NOW_MILLIS),
        ReasonCode.SENSORS_EMPTY,
        "ETCH01/PM1");
  }

  @Test
  void rejectsTheSameSensorTwice() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withExtraReading("rf_power", 510).build(), NOW_MILLIS),
        ReasonCode.SENSOR_DUPLICATE,
        "sensorNames[2]",
        "rf_power");
  }

  @Test
  void rejectsABlankSensorName() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withSensor("", 1.0).build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "sensorNames[2]");
  }

  @Test
  void rejectsNaNAndInfiniteReadings() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withSensor("rf_power", Double.NaN).build(), NOW_MILLIS),
        ReasonCode.SENSOR_NOT_FINITE,
        "rf_power is NaN");
    assertRejected(
        rules.check(
            sample("ETCH01", "PM1").withSensor("he_flow", Double.NEGATIVE_INFINITY).build(),
            NOW_MILLIS),
        ReasonCode.SENSOR_NOT_FINITE,
        "he_flow is -Infinity");
  }

  @Test
  void rejectsNegativePressure() {
    assertRejected(
        rules.check(
            sample("ETCH01", "PM1").withSensor("chamber_pressure", -3.5).build(), NOW_MILLIS),
        ReasonCode.SENSOR_OUT_OF_RANGE,
        "chamber_pressure = -3.5",
        "*pressure*");
  }

  @Test
  void rejectsATemperatureBelowAbsoluteZero() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withSensor("wall_temp", -300).build(), NOW_MILLIS),
        ReasonCode.SENSOR_OUT_OF_RANGE,
        "wall_temp = -300.0");
  }

  @Test
  void appliesTheFirstMatchingLimitSoASpecificSensorBeatsItsFamily() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withSensor("esc_temp", 200).build(), NOW_MILLIS),
        ReasonCode.SENSOR_OUT_OF_RANGE,
        "esc_temp = 200.0",
        "-50.0..150.0");
    assertAccepted(
        rules.check(sample("ETCH01", "PM1").withSensor("wafer_temp", 200).build(), NOW_MILLIS));
    assertThat(rules.limitFor("ESC_TEMP"))
        .hasValueSatisfying(l -> assertThat(l.max()).isEqualTo(150));
  }

  @Test
  void boundsSensorsOfNoKnownFamilyByTheAbsoluteBound() {
    assertAccepted(
        rules.check(sample("ETCH01", "PM1").withSensor("dc_bias", -450).build(), NOW_MILLIS));
    assertRejected(
        rules.check(sample("ETCH01", "PM1").withSensor("dc_bias", 2e9).build(), NOW_MILLIS),
        ReasonCode.SENSOR_OUT_OF_RANGE,
        "dc_bias",
        "absolute bound");
  }

  @Test
  void rejectsASampleFromTheFuture() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").at(NOW.plus(Duration.ofHours(1))).build(), NOW_MILLIS),
        ReasonCode.EVENT_TIME_IN_FUTURE,
        "eventTime");
  }

  @Test
  void rejectsASampleFromAnUnsetClock() {
    assertRejected(
        rules.check(sample("ETCH01", "PM1").at(Instant.EPOCH).build(), NOW_MILLIS),
        ReasonCode.EVENT_TIME_TOO_OLD,
        "1970");
  }
}
