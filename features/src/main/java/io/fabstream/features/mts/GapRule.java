package io.fabstream.features.mts;

/**
 * The documented rule for what a window holds where no sample was observed. Windows must have a
 * fixed shape, so every hole is filled, and every filled value is counted in the window's {@code
 * filledGaps}:
 *
 * <ol>
 *   <li><b>Missing sensor</b> (a sample lacks a sensor of the layout): last observation carried
 *       forward on that sequence; if the sensor was never observed, the reference mean; with no
 *       reference, 0.
 *   <li><b>Time gap</b> (two consecutive samples more than 1.5 sampling periods apart, but at most
 *       {@code maxGap}): the missing samples are inserted, evenly spaced, holding the last observed
 *       row (sliding windows); step-aligned windows interpolate linearly across the gap and count
 *       each resampled row that falls inside it.
 *   <li><b>Long gap</b> (more than {@code maxGap}), or a new wafer when so configured: the sequence
 *       ends. No window spans it and nothing is invented; the open wafer x step window is emitted.
 * </ol>
 */
public final class GapRule {

  /** Intervals up to this many sampling periods are regular sampling jitter, not gaps. */
  public static final double GAP_FACTOR = 1.5;

  private GapRule() {}

  /**
   * Samples to insert between two samples {@code intervalMillis} apart on a sequence sampled every
   * {@code periodMillis} (0 when the period is not yet known: nothing is inserted).
   */
  public static int missingSamples(long intervalMillis, long periodMillis) {
    if (periodMillis <= 0 || intervalMillis <= GAP_FACTOR * periodMillis) {
      return 0;
    }
    return (int) Math.max(0, Math.round((double) intervalMillis / periodMillis) - 1);
  }

  /** Whether an interval is a gap on a sequence sampled every {@code periodMillis}. */
  public static boolean isGap(long intervalMillis, long periodMillis) {
    return periodMillis > 0 && intervalMillis > GAP_FACTOR * periodMillis;
  }
}
