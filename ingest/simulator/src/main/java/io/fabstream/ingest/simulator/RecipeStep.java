package io.fabstream.ingest.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * One step of a recipe: how long it runs and the setpoints it drives sensors to. Sensors it does
 * not name stay at their nominal value.
 *
 * @param name step name, e.g. {@code main_etch}
 * @param duration how long the step runs on each wafer
 * @param setpoints setpoint per sensor name
 */
public record RecipeStep(String name, Duration duration, Map<String, Double> setpoints) {

  public RecipeStep {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("recipe step name must be set");
    }
    if (duration == null || duration.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "recipe step " + name + ": duration must be at least 1 s, got " + duration);
    }
    setpoints = Map.copyOf(setpoints);
  }

  /** The setpoint of {@code sensor} in this step. */
  public double setpoint(SensorSpec sensor) {
    return setpoints.getOrDefault(sensor.name(), sensor.nominal());
  }
}
