package io.fabstream.ingest.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What to replay and how fast. A record so the CLI can build it from options and tests from
 * literals; the compact constructor rejects impossible settings with a message naming the field.
 *
 * @param kind dataset format
 * @param path dataset file (or, for SECOM, a folder of parts)
 * @param ratePerSecond records (maps or samples) per second of wall-clock time; 0 = as fast as
 *     possible
 * @param labelDelay how long after its subject a label becomes known; labels are sent once the
 *     replayed event time has passed {@code subjectTime + labelDelay}, the rest at the end
 * @param limit at most this many wafers; 0 = the whole file
 */
public record ReplayConfig(
    DatasetKind kind, Path path, double ratePerSecond, Duration labelDelay, long limit) {

  /** Default label delay: labels come after review, long after inspection. */
  public static final Duration DEFAULT_LABEL_DELAY = Duration.ofMinutes(10);

  public ReplayConfig {
    Objects.requireNonNull(kind, "kind must be set");
    Objects.requireNonNull(path, "path must be set");
    Objects.requireNonNull(labelDelay, "labelDelay must be set");
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException(
          "ratePerSecond must be >= 0 (0 = as fast as possible), got " + ratePerSecond);
    }
    if (labelDelay.isNegative()) {
      throw new IllegalArgumentException("labelDelay must not be negative, got " + labelDelay);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = no limit), got " + limit);
    }
  }

  /** The whole dataset as fast as possible with the default label delay. */
  public static ReplayConfig asFastAsPossible(DatasetKind kind, Path path) {
    return new ReplayConfig(kind, path, 0, DEFAULT_LABEL_DELAY, 0);
  }

  /** This config with a different rate. */
  public ReplayConfig withRate(double recordsPerSecond) {
    return new ReplayConfig(kind, path, recordsPerSecond, labelDelay, limit);
  }

  /** This config with a different label delay. */
  public ReplayConfig withLabelDelay(Duration delay) {
    return new ReplayConfig(kind, path, ratePerSecond, delay, limit);
  }

  /** This config with a different wafer limit. */
  public ReplayConfig withLimit(long wafers) {
    return new ReplayConfig(kind, path, ratePerSecond, labelDelay, wafers);
  }
}
