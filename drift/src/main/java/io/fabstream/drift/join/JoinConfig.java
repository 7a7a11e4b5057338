package io.fabstream.drift.join;

import io.fabstream.schemas.LabelSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Settings of the ground-truth join. Labels come from sources with very different delays: a defect
 * review within hours, in-line metrology within a day or two, final wafer sort weeks later. Each
 * source gets its own join window (label time minus subject time); a label later than its window is
 * counted and kept on the late-label topic, never joined, so a metric over a window never changes
 * after the fact. Verdicts are kept as long as the longest window.
 *
 * @param applicationId Kafka Streams application id (consumer group, state and changelog prefix)
 * @param registryUrl schema registry of the Avro topics
 * @param windows join window per label source
 * @param labelWait how long a label that came before its verdict (the scorer was behind) waits
 * @param streamThreads Kafka Streams threads
 */
public record JoinConfig(
    String applicationId,
    String registryUrl,
    Map<LabelSource, Duration> windows,
    Duration labelWait,
    int streamThreads) {

  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "fabstream-drift-join";

  public JoinConfig {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("the join needs an application id");
    }
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalArgumentException("the join needs the schema registry URL");
    }
    EnumMap<LabelSource, Duration> all = new EnumMap<>(LabelSource.class);
    for (LabelSource source : LabelSource.values()) {
      Duration w = windows.get(source);
      if (w == null || w.isNegative() || w.isZero()) {
        throw new IllegalArgumentException(
            "label source " + source + " needs a positive join window, got " + w);
      }
      all.put(source, w);
    }
    windows = Map.copyOf(all);
    if (labelWait == null || labelWait.isNegative()) {
      throw new IllegalArgumentException("label wait must not be negative, got " + labelWait);
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be at least 1, got " + streamThreads);
    }
  }

  /**
   * Review 7 days, metrology 2 days, sort 45 days, simulator 1 hour (its labels come 2 minutes
   * after the subject), replayed datasets 45 days, other 7 days; a label waits 1 hour for its
   * verdict.
   */
  public static JoinConfig defaults(String registryUrl) {
    return new JoinConfig(
        DEFAULT_APPLICATION_ID,
        registryUrl,
        Map.of(
            LabelSource.REVIEW, Duration.ofDays(7),
            LabelSource.METROLOGY, Duration.ofDays(2),
            LabelSource.SORT, Duration.ofDays(45),
            LabelSource.SIMULATOR, Duration.ofHours(1),
            LabelSource.DATASET, Duration.ofDays(45),
            LabelSource.OTHER, Duration.ofDays(7)),
        Duration.ofHours(1),
        1);
  }

  /** The join window of a source. */
  public Duration window(LabelSource source) {
    return windows.get(source == null ? LabelSource.OTHER : source);
  }

  /** How long verdicts are kept: the longest window. */
  public Duration retention() {
    return windows.values().stream().max(Duration::compareTo).orElseThrow();
  }

  /** A copy with another window for one source. */
  public JoinConfig withWindow(LabelSource source, Duration window) {
    EnumMap<LabelSource, Duration> w = new EnumMap<>(windows);
    w.put(source, window);
    return new JoinConfig(applicationId, registryUrl, w, labelWait, streamThreads);
  }

  /** A copy with another application id. */
  public JoinConfig withApplicationId(String id) {
    return new JoinConfig(id, registryUrl, windows, labelWait, streamThreads);
  }
}
