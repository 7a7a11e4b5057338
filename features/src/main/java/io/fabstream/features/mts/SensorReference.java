package io.fabstream.features.mts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-sensor statistics of a reference period, in a fixed column order. It fixes the sensor layout
 * of every window (the sequence model's input shape), gives the fill value of a sensor that was
 * never observed, and is the normalisation a trace model ships with, so training and scoring
 * normalise alike instead of hard-coding constants.
 *
 * @param source what the statistics were computed from (dataset, topic and time range)
 * @param sensors the sensors, in column order
 */
public record SensorReference(
    @JsonProperty("source") String source, @JsonProperty("sensors") List<SensorStat> sensors)
    implements Serializable {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One sensor's reference statistics.
   *
   * @param name sensor name
   * @param count samples the statistics cover
   * @param mean mean in engineering units
   * @param std standard deviation (1 when the sensor was constant, so normalising never divides by
   *     zero)
   */
  public record SensorStat(
      @JsonProperty("name") String name,
      @JsonProperty("count") long count,
      @JsonProperty("mean") double mean,
      @JsonProperty("std") double std)
      implements Serializable {}

  @JsonCreator
  public SensorReference {
    if (sensors == null || sensors.isEmpty()) {
      throw new IllegalArgumentException("a sensor reference needs at least one sensor");
    }
    sensors = List.copyOf(sensors);
    var names = new java.util.HashSet<String>();
    for (SensorStat s : sensors) {
      if (s.name() == null || !names.add(s.name())) {
        throw new IllegalArgumentException("sensor names must be unique and set, got " + s.name());
      }
      if (!Double.isFinite(s.mean()) || !(s.std() > 0)) {
        throw new IllegalArgumentException(
            "sensor " + s.name() + " needs a finite mean and a positive std, got " + s);
      }
    }
  }

  /** Sensor names in column order. */
  public String[] sensorNames() {
    return sensors.stream().map(SensorStat::name).toArray(String[]::new);
  }

  /** Reference means in column order. */
  public float[] means() {
    float[] m = new float[sensors.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) sensors.get(i).mean();
    }
    return m;
  }

  /** Reads a reference written by {@link #write(Path)}. */
  public static SensorReference read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), SensorReference.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("cannot read sensor reference " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the reference as JSON. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), this);
  }

  /** Accumulates statistics sample by sample (Welford), keeping first-seen sensor order. */
  public static final class Builder {
    private final Map<String, double[]> stats = new LinkedHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();

    /** Adds one reading. Non-finite values are skipped. */
    public Builder add(String sensor, double value) {
      if (!Double.isFinite(value)) {
        return this;
      }
      double[] s = stats.computeIfAbsent(sensor, k -> new double[3]);
      order.putIfAbsent(sensor, order.size());
      s[0]++;
      double delta = value - s[1];
      s[1] += delta / s[0];
      s[2] += delta * (value - s[1]);
      return this;
    }

    /** Adds every reading of a sample. */
    public Builder add(String[] sensors, double[] values) {
      for (int i = 0; i < sensors.length; i++) {
        add(sensors[i], values[i]);
      }
      return this;
    }

    /** The reference so far, described by {@code source}. */
    public SensorReference build(String source) {
      List<SensorStat> out = new ArrayList<>();
      stats.forEach(
          (name, s) -> {
            double std = s[0] > 1 ? Math.sqrt(s[2] / (s[0] - 1)) : 0;
            out.add(new SensorStat(name, (long) s[0], s[1], std > 1e-12 ? std : 1.0));
          });
      return new SensorReference(source, out);
    }
  }
}
