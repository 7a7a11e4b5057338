package io.fabstream.drift.estimate;

import java.time.Duration;

/**
 * Settings of the label-free performance estimate.
 *
 * @param applicationId Kafka Streams application id
 * @param registryUrl schema registry
 * @param window tumbling window of prediction time (inspection time, window end)
 * @param grace how late a prediction may arrive for its window
 * @param minCount predictions a window needs before it is judged
 * @param tolerance how far below the baseline the estimate may sit before it counts as drift
 * @param z standard errors the estimate must clear the threshold by (1.96: 95% one-sided 97.5%)
 * @param referenceWindows first windows of a scope whose mean estimate becomes its reference (0:
 *     the model card alone)
 * @param streamThreads stream threads
 */
public record EstimateConfig(
    String applicationId,
    String registryUrl,
    Duration window,
    Duration grace,
    long minCount,
    double tolerance,
    double z,
    int referenceWindows,
    int streamThreads) {

  /** Hourly windows, 50 predictions, 0.02 tolerance, 1.96 SE, the card as baseline. */
  public static EstimateConfig defaults(String registryUrl) {
    return new EstimateConfig(
        "fabstream-drift-estimate",
        registryUrl,
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        50,
        0.02,
        1.96,
        0,
        1);
  }

  public EstimateConfig {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId must not be blank");
    }
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalArgumentException("registryUrl must not be blank");
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, got " + grace);
    }
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
    }
    if (!(z > 0) || !Double.isFinite(z)) {
      throw new IllegalArgumentException("z must be positive, got " + z);
    }
    if (referenceWindows < 0) {
      throw new IllegalArgumentException(
          "referenceWindows must not be negative, got " + referenceWindows);
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be at least 1, got " + streamThreads);
    }
  }

  /** A copy with other windows and reference. */
  public EstimateConfig withWindows(Duration size, Duration lateness, int references) {
    return new EstimateConfig(
        applicationId,
        registryUrl,
        size,
        lateness,
        minCount,
        tolerance,
        z,
        references,
        streamThreads);
  }
}
