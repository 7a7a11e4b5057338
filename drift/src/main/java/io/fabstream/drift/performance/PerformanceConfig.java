package io.fabstream.drift.performance;

import io.fabstream.drift.stats.PerformanceCheck;
import java.time.Duration;

/**
 * Settings of the performance-drift app.
 *
 * @param applicationId Kafka Streams application id
 * @param registryUrl schema registry
 * @param window tumbling window of label time over which a report is made
 * @param rolling rolling window (a hopping window advancing by {@code window}); must be a multiple
 *     of {@code window}
 * @param grace how long after a window's end labelled predictions still count in it (they arrive
 *     out of order across partitions)
 * @param check minimum counts, confidence and tolerance of accuracy and recall checks
 * @param minClassSupport labelled items of a class before its recall is checked (rare classes such
 *     as Near-full would otherwise alarm on two wafers)
 * @param referenceWindows 0 to hold every scope to its model card alone; otherwise each scope's
 *     first this many tumbling windows (with enough labels) set a reference, and later windows are
 *     held to the lower of the card and the reference (see {@link ReferenceBook})
 * @param streamThreads Kafka Streams threads
 */
public record PerformanceConfig(
    String applicationId,
    String registryUrl,
    Duration window,
    Duration rolling,
    Duration grace,
    PerformanceCheck.Config check,
    long minClassSupport,
    int referenceWindows,
    int streamThreads) {

  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "fabstream-drift-performance";

  public PerformanceConfig {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("the performance app needs an application id");
    }
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalArgumentException("the performance app needs the schema registry URL");
    }
    positive("window", window);
    positive("rolling window", rolling);
    if (rolling.toMillis() % window.toMillis() != 0 || rolling.compareTo(window) < 0) {
      throw new IllegalArgumentException(
          "the rolling window (" + rolling + ") must be a multiple of the window (" + window + ")");
    }
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, got " + grace);
    }
    if (check == null) {
      throw new IllegalArgumentException("the performance app needs its check settings");
    }
    if (minClassSupport < 1) {
      throw new IllegalArgumentException("minimum class support must be at least 1");
    }
    if (referenceWindows < 0) {
      throw new IllegalArgumentException("reference windows must not be negative");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be at least 1, got " + streamThreads);
    }
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  /**
   * One-hour windows of label time, a six-hour rolling window, 10 minutes grace, the default check
   * (50 labels, 95% Wilson bounds, 2 points of tolerance) and 20 labels per class.
   */
  public static PerformanceConfig defaults(String registryUrl) {
    return new PerformanceConfig(
        DEFAULT_APPLICATION_ID,
        registryUrl,
        Duration.ofHours(1),
        Duration.ofHours(6),
        Duration.ofMinutes(10),
        PerformanceCheck.Config.defaults(),
        20,
        0,
        1);
  }

  /** A copy with other windows. */
  public PerformanceConfig withWindows(Duration tumbling, Duration rollingWindow, Duration late) {
    return new PerformanceConfig(
        applicationId,
        registryUrl,
        tumbling,
        rollingWindow,
        late,
        check,
        minClassSupport,
        referenceWindows,
        streamThreads);
  }

  /** A copy with other check settings. */
  public PerformanceConfig withCheck(PerformanceCheck.Config c, long classSupport) {
    return new PerformanceConfig(
        applicationId,
        registryUrl,
        window,
        rolling,
        grace,
        c,
        classSupport,
        referenceWindows,
        streamThreads);
  }

  /** A copy whose scopes set a reference over their first {@code windows} windows. */
  public PerformanceConfig withReferenceWindows(int windows) {
    return new PerformanceConfig(
        applicationId,
        registryUrl,
        window,
        rolling,
        grace,
        check,
        minClassSupport,
        windows,
        streamThreads);
  }

  /** A copy with another application id. */
  public PerformanceConfig withApplicationId(String id) {
    return new PerformanceConfig(
        id,
        registryUrl,
        window,
        rolling,
        grace,
        check,
        minClassSupport,
        referenceWindows,
        streamThreads);
  }
}
