package io.fabstream.ingest.simulator;

import java.util.Locale;

/**
 * Equipment faults the simulator can inject into one sensor during one recipe step. They are the
 * classic FDC failure signatures, each needing a different detector (mean, variance, outliers, flat
 * line), so a trace model can be checked against all of them.
 */
public enum FaultKind {
  /** The sensor ramps away from its setpoint over the step (e.g. a leaking MFC). */
  DRIFT,
  /** The sensor jumps to a constant offset for the step (e.g. a miscalibrated gauge). */
  STEP_CHANGE,
  /** Short large excursions (e.g. arcing). */
  SPIKE,
  /** The reading freezes at one value (e.g. a hung sensor or stale data). */
  STUCK,
  /** The noise level jumps (e.g. an unstable plasma). */
  NOISE_BURST;

  /** Ground-truth label of a wafer run with this fault, e.g. {@code step_change}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
