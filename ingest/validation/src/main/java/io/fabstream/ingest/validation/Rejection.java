package io.fabstream.ingest.validation;

import java.util.Objects;

/**
 * Why one record is refused: a stable code for machines and a sentence for people that names the
 * offending field and its value.
 *
 * @param code stable reason code
 * @param reason human-readable explanation naming field and value
 */
public record Rejection(ReasonCode code, String reason) {

  public Rejection {
    Objects.requireNonNull(code, "code");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason");
    }
  }
}
