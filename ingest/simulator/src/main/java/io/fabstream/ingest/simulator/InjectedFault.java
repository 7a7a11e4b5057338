package io.fabstream.ingest.simulator;

/**
 * A fault placed on one wafer's run: which kind, in which recipe step, on which sensor, and how
 * large in multiples of the sensor's noise sigma. Kept with the wafer's plan so the ground truth
 * names exactly what was injected.
 *
 * @param kind fault signature
 * @param stepIndex recipe step (0-based) during which the fault acts
 * @param sensor sensor name
 * @param magnitudeSigma size in noise sigmas (ramp end, offset, spike height, noise factor basis)
 */
public record InjectedFault(FaultKind kind, int stepIndex, String sensor, double magnitudeSigma) {

  public InjectedFault {
    if (kind == null || sensor == null) {
      throw new IllegalArgumentException("fault kind and sensor must be set");
    }
    if (stepIndex < 0) {
      throw new IllegalArgumentException("stepIndex must be >= 0, got " + stepIndex);
    }
    if (!(magnitudeSigma > 0)) {
      throw new IllegalArgumentException("magnitudeSigma must be > 0, got " + magnitudeSigma);
    }
  }
}
