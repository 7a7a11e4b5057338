package io.fabstream.ingest.simulator;

/**
 * One chamber sensor: its name on the trace, unit, nominal value (the setpoint when a recipe step
 * sets none) and noise level. Faults are sized in multiples of {@code noiseSigma}.
 *
 * @param name sensor name, e.g. {@code rf_forward_power}
 * @param unit engineering unit, e.g. {@code W}
 * @param nominal nominal value
 * @param noiseSigma standard deviation of the measurement noise
 */
public record SensorSpec(String name, String unit, double nominal, double noiseSigma) {

  public SensorSpec {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("sensor name must be snake_case, got '" + name + "'");
    }
    if (!(noiseSigma > 0) || Double.isInfinite(noiseSigma)) {
      throw new IllegalArgumentException("sensor " + name + ": noiseSigma must be > 0");
    }
    if (!Double.isFinite(nominal)) {
      throw new IllegalArgumentException("sensor " + name + ": nominal must be finite");
    }
  }

  /**
   * Whether the quantity cannot go below zero (power, flow, absolute pressure, positions, light
   * intensity). Such sensors read 0, not small negative numbers, when the setpoint is off, as real
   * FDC readings do; validation rejects negative values of these quantities.
   */
  public boolean nonNegative() {
    return switch (unit) {
      case "W", "sccm", "mTorr", "Torr", "%", "a.u." -> true;
      default -> false;
    };
  }

  /** The reading the sensor reports for a physical value. */
  public double reading(double value) {
    return nonNegative() ? Math.max(0.0, value) : value;
  }
}
