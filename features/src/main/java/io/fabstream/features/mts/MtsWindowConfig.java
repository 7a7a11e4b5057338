package io.fabstream.features.mts;

import java.io.Serializable;
import java.time.Duration;

/**
 * How {@link MtsWindowJob} cuts sensor sequences into model inputs. Every setting has a default
 * suited to the simulator's 10 Hz etch bay and is validated when the config is built, so a bad
 * value fails at start-up with the setting's name rather than deep inside a running job.
 *
 * @param mode which windows to emit
 * @param windowLength T: samples per sensor in every window (sliding and step-aligned)
 * @param stride samples between the starts of two sliding windows
 * @param maxOutOfOrderness how far behind the newest sample a sample may arrive and still be in
 *     order (the watermark's bound)
 * @param allowedLateness extra wait past the watermark before samples are sequenced; samples later
 *     than that go to the late-data topic
 * @param idleness a source partition with no records for this long stops holding the watermark
 *     back, so a quiet chamber does not stall the others
 * @param maxGap gaps up to this long are filled (see {@link GapRule}); longer gaps end the sequence
 * @param samplePeriod the chambers' sampling period, or null to learn it per sequence (the smallest
 *     positive interval seen)
 * @param breakOnWaferChange whether a new wafer starts a new sequence (no sliding window mixes two
 *     wafers)
 * @param minStepSamples the fewest observed samples a wafer x recipe step needs to be resampled
 * @param reference sensor layout and statistics; when set, every window has its sensors in this
 *     order and a sensor never seen is filled with its reference mean
 */
public record MtsWindowConfig(
    Mode mode,
    int windowLength,
    int stride,
    Duration maxOutOfOrderness,
    Duration allowedLateness,
    Duration idleness,
    Duration maxGap,
    Duration samplePeriod,
    boolean breakOnWaferChange,
    int minStepSamples,
    SensorReference reference)
    implements Serializable {

  /** Which windows the job emits. */
  public enum Mode {
    /** T consecutive samples every {@code stride} samples. */
    SLIDING,
    /** One window per wafer x recipe step, resampled to T. */
    STEP_ALIGNED,
    /** Both kinds. */
    BOTH;

    boolean sliding() {
      return this != STEP_ALIGNED;
    }

    boolean stepAligned() {
      return this != SLIDING;
    }
  }

  public MtsWindowConfig {
    if (mode == null) {
      throw new IllegalArgumentException("mode must be SLIDING, STEP_ALIGNED or BOTH");
    }
    if (windowLength < 2 || windowLength > 10_000) {
      throw new IllegalArgumentException(
          "windowLength (T) must be in [2, 10000] samples, got " + windowLength);
    }
    if (stride < 1 || stride > windowLength) {
      throw new IllegalArgumentException(
          "stride must be in [1, windowLength=" + windowLength + "], got " + stride);
    }
    requireNonNegative("maxOutOfOrderness", maxOutOfOrderness);
    requireNonNegative("allowedLateness", allowedLateness);
    requirePositive("idleness", idleness);
    requirePositive("maxGap", maxGap);
    if (samplePeriod != null) {
      requirePositive("samplePeriod", samplePeriod);
      if (samplePeriod.compareTo(maxGap) > 0) {
        throw new IllegalArgumentException(
            "samplePeriod (" + samplePeriod + ") must not exceed maxGap (" + maxGap + ")");
      }
    }
    if (minStepSamples < 1) {
      throw new IllegalArgumentException("minStepSamples must be >= 1, got " + minStepSamples);
    }
  }

  /**
   * T = 60, stride 10, both modes, 2 s out-of-orderness, no extra lateness, 10 s idleness, gaps up
   * to 2 s filled, learned sample period, a new wafer starts a new sequence, at least 3 samples per
   * step, no reference.
   */
  public static MtsWindowConfig defaults() {
    return new MtsWindowConfig(
        Mode.BOTH,
        60,
        10,
        Duration.ofSeconds(2),
        Duration.ZERO,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        null,
        true,
        3,
        null);
  }

  public MtsWindowConfig withMode(Mode mode) {
    return new MtsWindowConfig(
        mode,
        windowLength,
        stride,
        maxOutOfOrderness,
        allowedLateness,
        idleness,
        maxGap,
        samplePeriod,
        breakOnWaferChange,
        minStepSamples,
        reference);
  }

  public MtsWindowConfig withWindow(int windowLength, int stride) {
    return new MtsWindowConfig(
        mode,
        windowLength,
        stride,
        maxOutOfOrderness,
        allowedLateness,
        idleness,
        maxGap,
        samplePeriod,
        breakOnWaferChange,
        minStepSamples,
        reference);
  }

  public MtsWindowConfig withOrdering(
      Duration maxOutOfOrderness, Duration allowedLateness, Duration idleness) {
    return new MtsWindowConfig(
        mode,
        windowLength,
        stride,
        maxOutOfOrderness,
        allowedLateness,
        idleness,
        maxGap,
        samplePeriod,
        breakOnWaferChange,
        minStepSamples,
        reference);
  }

  public MtsWindowConfig withGaps(Duration maxGap, Duration samplePeriod) {
    return new MtsWindowConfig(
        mode,
        windowLength,
        stride,
        maxOutOfOrderness,
        allowedLateness,
        idleness,
        maxGap,
        samplePeriod,
        breakOnWaferChange,
        minStepSamples,
        reference);
  }

  public MtsWindowConfig withBreakOnWaferChange(boolean breakOnWaferChange) {
    return new MtsWindowConfig(
        mode,
        windowLength,
        stride,
        maxOutOfOrderness,
        allowedLateness,
        idleness,
        maxGap,
        samplePeriod,
        breakOnWaferChange,
        minStepSamples,
        reference);
  }

  public MtsWindowConfig withMinStepSamples(int minStepSamples) {
    return new MtsWindowConfig(
        mode,
        windowLength,
        stride,
        maxOutOfOrderness,
        allowedLateness,
        idleness,
        maxGap,
        samplePeriod,
        breakOnWaferChange,
        minStepSamples,
        reference);
  }

  public MtsWindowConfig withReference(SensorReference reference) {
    return new MtsWindowConfig(
        mode,
        windowLength,
        stride,
        maxOutOfOrderness,
        allowedLateness,
        idleness,
        maxGap,
        samplePeriod,
        breakOnWaferChange,
        minStepSamples,
        reference);
  }

  private static void requireNonNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or positive, got " + d);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
