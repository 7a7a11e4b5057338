package io.fabstream.ingest.validation;

import io.fabstream.schemas.TraceSample;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an FDC trace sample must satisfy before windowing: identified (tool, chamber, recipe, step,
 * lot, wafer), a plausible event time, and a sensor vector that is well formed (parallel arrays,
 * non-empty, unique names) with every reading finite and within its physical limits.
 */
public final class TraceSampleRules {

  /** Resolved limits are cached by sensor name; a sample stream repeats the same few names. */
  private static final int LIMIT_CACHE_MAX = 10_000;

  private final EventTimeRule eventTime;
  private final List<SensorLimit> limits;
  private final double absoluteBound;
  private final Map<String, Optional<SensorLimit>> limitByName = new ConcurrentHashMap<>();

  public TraceSampleRules(EventTimeRule eventTime, List<SensorLimit> limits, double absoluteBound) {
    this.eventTime = eventTime;
    this.limits = List.copyOf(limits);
    this.absoluteBound = absoluteBound;
  }

  /** Builds the rules from the app's configuration. */
  public static TraceSampleRules from(ValidationConfig config) {
    return new TraceSampleRules(
        EventTimeRule.from(config), config.sensorLimits(), config.absoluteSensorBound());
  }

  /** Checks one sample at wall-clock {@code nowMillis}; the first failing rule decides. */
  public Verdict<TraceSample> check(TraceSample sample, long nowMillis) {
    return Verdict.firstFailure(
        sample,
        () ->
            FieldChecks.required(
                "tool", sample.getTool(),
                "chamber", sample.getChamber(),
                "recipe", sample.getRecipe(),
                "recipeStep", sample.getRecipeStep(),
                "lot", sample.getLot(),
                "wafer", sample.getWafer()),
        () -> eventTime.check("eventTime", sample.getEventTime(), nowMillis),
        () -> arrays(sample),
        () -> names(sample),
        () -> values(sample));
  }

  /** The limit that applies to {@code sensorName}, if any pattern matches it. */
  public Optional<SensorLimit> limitFor(String sensorName) {
    Optional<SensorLimit> cached = limitByName.get(sensorName);
    if (cached != null) {
      return cached;
    }
    Optional<SensorLimit> found = limits.stream().filter(l -> l.matches(sensorName)).findFirst();
    if (limitByName.size() < LIMIT_CACHE_MAX) {
      limitByName.put(sensorName, found);
    }
    return found;
  }

  private static Optional<Rejection> arrays(TraceSample sample) {
    int names = sample.getSensorNames().size();
    int values = sample.getSensorValues().size();
    if (names != values) {
      return reject(
          ReasonCode.SENSOR_ARRAYS_MISMATCH,
          "sensorNames has " + names + " entries but sensorValues has " + values);
    }
    if (names == 0) {
      return reject(
          ReasonCode.SENSORS_EMPTY,
          "sample of " + sample.getTool() + "/" + sample.getChamber() + " has no sensors");
    }
    return Optional.empty();
  }

  private static Optional<Rejection> names(TraceSample sample) {
    List<String> names = sample.getSensorNames();
    Set<String> seen = new HashSet<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      Optional<Rejection> blank = FieldChecks.required("sensorNames[" + i + "]", names.get(i));
      if (blank.isPresent()) {
        return blank;
      }
      if (!seen.add(names.get(i))) {
        return reject(
            ReasonCode.SENSOR_DUPLICATE,
            "sensorNames[" + i + "] '" + names.get(i) + "' appears more than once");
      }
    }
    return Optional.empty();
  }

  private Optional<Rejection> values(TraceSample sample) {
    List<String> names = sample.getSensorNames();
    List<Double> values = sample.getSensorValues();
    for (int i = 0; i < values.size(); i++) {
      String name = names.get(i);
      double value = values.get(i);
      if (!Double.isFinite(value)) {
        return reject(ReasonCode.SENSOR_NOT_FINITE, "sensor " + name + " is " + value);
      }
      if (Math.abs(value) > absoluteBound) {
        return reject(
            ReasonCode.SENSOR_OUT_OF_RANGE,
            "sensor " + name + " = " + value + " exceeds the absolute bound +/-" + absoluteBound);
      }
      Optional<SensorLimit> limit = limitFor(name);
      if (limit.isPresent() && !limit.get().allows(value)) {
        return reject(
            ReasonCode.SENSOR_OUT_OF_RANGE,
            "sensor "
                + name
                + " = "
                + value
                + " is outside its physical limits "
                + limit.get().min()
                + ".."
                + limit.get().max()
                + " ("
                + limit.get().namePattern()
                + ")");
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(ReasonCode code, String reason) {
    return Optional.of(new Rejection(code, reason));
  }
}
