package io.fabstream.ingest.simulator;

import java.time.Instant;

/**
 * A tool that changes under the models' feet: from {@code from} on, one sensor of one tool (one
 * chamber, or all of them) reads {@code offsetSigmas} noise deviations off, while the process is as
 * good as before, so the wafers' labels stay normal. This is what a recalibrated or ageing sensor,
 * or a chamber clean that moves a baseline, does to a fab: the data drifts, the trace model starts
 * calling good wafers faulty, and the drift monitor has to notice.
 *
 * @param tool etch tool
 * @param chamber chamber, or null for every chamber of the tool
 * @param sensor sensor name
 * @param offsetSigmas offset in the sensor's noise sigmas
 * @param from runs starting at or after this (fab time) are shifted
 */
public record SensorShift(
    String tool, String chamber, String sensor, double offsetSigmas, Instant from) {

  public SensorShift {
    if (tool == null || sensor == null || from == null) {
      throw new IllegalArgumentException("a sensor shift needs a tool, a sensor and a start");
    }
    if (!Double.isFinite(offsetSigmas) || offsetSigmas == 0) {
      throw new IllegalArgumentException("a sensor shift needs a finite, non-zero offset");
    }
  }

  /** Whether {@code run} is shifted. */
  public boolean applies(ChamberRun run) {
    return run.tool().equals(tool)
        && (chamber == null || chamber.equals(run.chamber()))
        && !run.start().isBefore(from);
  }
}
