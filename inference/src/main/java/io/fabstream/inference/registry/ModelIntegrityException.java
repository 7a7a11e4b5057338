package io.fabstream.inference.registry;

/**
 * A model file is missing or its bytes differ from the SHA-256 recorded when it was published.
 * Scorers refuse such a version and keep the one they have: a silently altered model is worse than
 * an old one.
 */
public final class ModelIntegrityException extends RuntimeException {

  public ModelIntegrityException(String message) {
    super(message);
  }
}
