package io.fabstream.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Compatibility rules a subject's new schema versions must follow, with Confluent's names, so
 * Confluent clients and tools can read and set them unchanged.
 */
public enum CompatibilityLevel {
  /** Anything goes. */
  NONE(false, false, false),
  /** The new schema reads data written with the latest one. */
  BACKWARD(true, false, false),
  /** The new schema reads data written with every earlier one. */
  BACKWARD_TRANSITIVE(true, false, true),
  /** The latest schema reads data written with the new one. */
  FORWARD(false, true, false),
  /** Every earlier schema reads data written with the new one. */
  FORWARD_TRANSITIVE(false, true, true),
  /** Backward and forward against the latest schema. */
  FULL(true, true, false),
  /** Backward and forward against every earlier schema. */
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** True when the new schema must read data written with older ones. */
  public boolean backward() {
    return backward;
  }

  /** True when older schemas must read data written with the new one. */
  public boolean forward() {
    return forward;
  }

  /** True when the rule applies to all earlier versions, not only the latest. */
  public boolean transitive() {
    return transitive;
  }

  /** Parses a level name, case-insensitively; empty when it is not one. */
  public static Optional<CompatibilityLevel> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
