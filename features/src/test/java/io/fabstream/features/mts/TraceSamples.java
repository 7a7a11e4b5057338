package io.fabstream.features.mts;

import java.util.ArrayList;
import java.util.List;

/**
 * Test data in the fab's terms: {@code sample("ETCH01", "PM1").wafer("W01").step("2").at(1000)
 * .sensor("pressure", 3.1).build()}.
 */
final class TraceSamples {

  private TraceSamples() {}

  static Builder sample(String tool, String chamber) {
    return new Builder(tool, chamber);
  }

  /** Samples every {@code periodMillis} from {@code start}, sensor values from {@code value}. */
  static List<TracePoint> run(
      Builder template, long start, long periodMillis, int count, ValueFn value) {
    List<TracePoint> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long t = start + i * periodMillis;
      Builder b = template.copy().at(t).offset(template.offset + i);
      for (String s : template.sensorNames) {
        b.sensor(s, value.at(s, t));
      }
      out.add(b.build());
    }
    return out;
  }

  /** A sensor's value at a time. */
  interface ValueFn {
    double at(String sensor, long time);
  }

  static final class Builder {
    private final String tool;
    private final String chamber;
    private String recipe = "ME-ETCH";
    private String step = "1";
    private String lot = "LOT01";
    private String wafer = "W01";
    private long time;
    private long offset;
    private int partition;
    private final List<String> sensorNames = new ArrayList<>();
    private final List<Double> sensorValues = new ArrayList<>();

    Builder(String tool, String chamber) {
      this.tool = tool;
      this.chamber = chamber;
    }

    Builder copy() {
      Builder b = new Builder(tool, chamber);
      b.recipe = recipe;
      b.step = step;
      b.lot = lot;
      b.wafer = wafer;
      b.time = time;
      b.offset = offset;
      b.partition = partition;
      return b;
    }

    Builder recipe(String recipe) {
      this.recipe = recipe;
      return this;
    }

    Builder step(String step) {
      this.step = step;
      return this;
    }

    Builder lot(String lot) {
      this.lot = lot;
      return this;
    }

    Builder wafer(String wafer) {
      this.wafer = wafer;
      return this;
    }

    Builder at(long millis) {
      this.time = millis;
      return this;
    }

    Builder offset(long offset) {
      this.offset = offset;
      return this;
    }

    Builder partition(int partition) {
      this.partition = partition;
      return this;
    }

    /** Declares sensors for {@link #run} without values. */
    Builder sensors(String... names) {
      sensorNames.addAll(List.of(names));
      return this;
    }

    Builder sensor(String name, double value) {
      sensorNames.add(name);
      sensorValues.add(value);
      return this;
    }

    TracePoint build() {
      TracePoint p = new TracePoint();
      p.tool = tool;
      p.chamber = chamber;
      p.recipe = recipe;
      p.recipeStep = step;
      p.lot = lot;
      p.wafer = wafer;
      p.eventTime = time;
      p.sensorNames = sensorNames.toArray(new String[0]);
      p.sensorValues = sensorValues.stream().mapToDouble(Double::doubleValue).toArray();
      p.topic = "fab.trace-samples";
      p.partition = partition;
      p.offset = offset;
      return p;
    }
  }
}
