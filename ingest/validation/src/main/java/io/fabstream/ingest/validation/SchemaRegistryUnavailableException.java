package io.fabstream.ingest.validation;

/**
 * The schema registry could not be asked (down, timing out, answering 5xx). Unlike an unknown
 * schema id this says nothing about the record, so it must not dead-letter it: it fails the stream
 * thread, which is replaced and retries the record from the last committed offset.
 */
public final class SchemaRegistryUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
