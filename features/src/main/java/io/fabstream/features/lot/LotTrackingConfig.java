package io.fabstream.features.lot;

import java.io.Serializable;
import java.time.Duration;

/**
 * The event-time settings of lot tracking. They decide when a lot's inputs are considered complete
 * enough to apply (out-of-orderness), how a quiet Kafka partition stops holding everyone back
 * (idleness), and how long a lot without an END may stay open before it is reported anyway (TTL),
 * so one validated place keeps the job, its tests and the launcher consistent.
 *
 * @param maxOutOfOrderness how far behind the newest input an input may arrive and still be applied
 *     in event-time order
 * @param idleness how long a source partition may send nothing before the watermark stops waiting
 *     for it; {@link Duration#ZERO} turns idle-source detection off
 * @param lotTtl event time after a lot's last input at which an unclosed lot is emitted with {@code
 *     closedBy = "TTL"} and forgotten
 */
public record LotTrackingConfig(Duration maxOutOfOrderness, Duration idleness, Duration lotTtl)
    implements Serializable {

  /** Default bound on out-of-order arrival. */
  public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  /** Default idle-partition timeout. */
  public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);

  /** Default lot TTL: a day of event time without input. */
  public static final Duration DEFAULT_LOT_TTL = Duration.ofHours(24);

  public LotTrackingConfig {
    if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
      throw new IllegalArgumentException(
          "maxOutOfOrderness must be zero or positive, got " + maxOutOfOrderness);
    }
    if (idleness == null || idleness.isNegative()) {
      throw new IllegalArgumentException(
          "idleness must be positive, or zero to turn idle-source detection off, got " + idleness);
    }
    if (lotTtl == null || lotTtl.isNegative() || lotTtl.isZero()) {
      throw new IllegalArgumentException("lotTtl must be positive, got " + lotTtl);
    }
    if (lotTtl.compareTo(maxOutOfOrderness) <= 0) {
      throw new IllegalArgumentException(
          "lotTtl ("
              + lotTtl
              + ") must exceed maxOutOfOrderness ("
              + maxOutOfOrderness
              + "): a lot would expire before its own out-of-order inputs arrive");
    }
  }

  /** 5 s out-of-orderness, 30 s idleness, 24 h lot TTL. */
  public static LotTrackingConfig defaults() {
    return new LotTrackingConfig(DEFAULT_MAX_OUT_OF_ORDERNESS, DEFAULT_IDLENESS, DEFAULT_LOT_TTL);
  }

  /** The same settings with another out-of-orderness bound. */
  public LotTrackingConfig withMaxOutOfOrderness(Duration maxOutOfOrderness) {
    return new LotTrackingConfig(maxOutOfOrderness, idleness, lotTtl);
  }

  /** The same settings with another idleness timeout ({@link Duration#ZERO}: off). */
  public LotTrackingConfig withIdleness(Duration idleness) {
    return new LotTrackingConfig(maxOutOfOrderness, idleness, lotTtl);
  }

  /** The same settings with another lot TTL. */
  public LotTrackingConfig withLotTtl(Duration lotTtl) {
    return new LotTrackingConfig(maxOutOfOrderness, idleness, lotTtl);
  }

  /** Whether idle-source detection is on. */
  public boolean idlenessEnabled() {
    return !idleness.isZero();
  }
}
