package io.fabstream.registry;

/**
 * One change to the registry's state, as written to the store and replayed at start-up. Keys are
 * chosen so that log compaction keeps exactly the latest state of each schema, version and setting.
 */
sealed interface StoreRecord {

  /**
   * A distinct schema content and its id (Confluent schema id = Apicurio contentId); never removed,
   * so bytes framed with an id stay readable.
   */
  record SchemaContent(int id, String schema, long createdAtMillis) implements StoreRecord {}

  /** A subject's version pointing at a schema id; {@code deleted} marks a soft delete. */
  record SubjectVersion(String subject, int version, int id, boolean deleted, long createdAtMillis)
      implements StoreRecord {

    SubjectVersion asDeleted() {
      return new SubjectVersion(subject, version, id, true, createdAtMillis);
    }
  }

  /** A permanently deleted subject version (a tombstone in Kafka). */
  record VersionPurged(String subject, int version) implements StoreRecord {}

  /**
   * A compatibility setting; {@code subject == null} is the global one, {@code level == null}
   * clears a subject's own setting (a tombstone in Kafka).
   */
  record Compatibility(String subject, CompatibilityLevel level) implements StoreRecord {}
}
