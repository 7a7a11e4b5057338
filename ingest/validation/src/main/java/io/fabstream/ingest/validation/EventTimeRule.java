package io.fabstream.ingest.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Plausibility of an event time: not before the oldest time the fab can have produced data (an
 * unset clock reads 1970) and not further ahead of now than equipment clocks drift. Downstream
 * windows and lateness rules assume event times are sane.
 */
public final class EventTimeRule {

  private final Instant oldest;
  private final Duration maxFutureSkew;

  public EventTimeRule(Instant oldest, Duration maxFutureSkew) {
    this.oldest = oldest;
    this.maxFutureSkew = maxFutureSkew;
  }

  /** Builds the rule from the app's configuration. */
  public static EventTimeRule from(ValidationConfig config) {
    return new EventTimeRule(config.oldestEventTime(), config.maxFutureSkew());
  }

  /**
   * Rejects {@code time} of field {@code field} when implausible at wall-clock {@code nowMillis}.
   */
  public Optional<Rejection> check(String field, Instant time, long nowMillis) {
    if (time == null) {
      return Optional.of(new Rejection(ReasonCode.MISSING_FIELD, field + " is missing"));
    }
    if (time.isBefore(oldest)) {
      return Optional.of(
          new Rejection(
              ReasonCode.EVENT_TIME_TOO_OLD,
              field + " " + time + " is before the oldest plausible event time " + oldest));
    }
    Instant latest = Instant.ofEpochMilli(nowMillis).plus(maxFutureSkew);
    if (time.isAfter(latest)) {
      return Optional.of(
          new Rejection(
              ReasonCode.EVENT_TIME_IN_FUTURE,
              field
                  + " "
                  + time
                  + " is more than "
                  + maxFutureSkew
                  + " ahead of now ("
                  + Instant.ofEpochMilli(nowMillis)
                  + ")"));
    }
    return Optional.empty();
  }
}
