package io.fabstream.registry;

import io.fabstream.registry.StoreRecord.SchemaContent;
import io.fabstream.registry.StoreRecord.SubjectVersion;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The registry's working state, built only by applying {@link StoreRecord}s, so replaying the store
 * at start-up and applying live changes give the same result. Not thread-safe: {@link
 * RegistryService} guards it.
 */
final class RegistryState {

  private final Map<Integer, SchemaContent> contents = new HashMap<>();
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<Integer, Schema> parsed = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<Integer, SubjectVersion>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int maxId;

  void apply(StoreRecord record) {
    if (record instanceof SchemaContent c) {
      contents.put(c.id(), c);
      idByCanonical.put(c.schema(), c.id());
      maxId = Math.max(maxId, c.id());
    } else if (record instanceof SubjectVersion v) {
      subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
    } else if (record instanceof StoreRecord.VersionPurged p) {
      NavigableMap<Integer, SubjectVersion> versions = subjects.get(p.subject());
      if (versions != null) {
        versions.remove(p.version());
        if (versions.isEmpty()) {
          subjects.remove(p.subject());
        }
      }
    } else if (record instanceof StoreRecord.Compatibility c) {
      if (c.subject() == null) {
        globalLevel = c.level() == null ? CompatibilityLevel.BACKWARD : c.level();
      } else if (c.level() == null) {
        subjectLevels.remove(c.subject());
      } else {
        subjectLevels.put(c.subject(), c.level());
      }
    } else {
      throw new IllegalArgumentException("unknown record " + record);
    }
  }

  Optional<SchemaContent> content(int id) {
    return Optional.ofNullable(contents.get(id));
  }

  Optional<Integer> idOf(String canonicalSchema) {
    return Optional.ofNullable(idByCanonical.get(canonicalSchema));
  }

  /** The parsed schema of a stored content (parsed once, then cached). */
  Schema schema(int id) {
    SchemaContent content = contents.get(id);
    if (content == null) {
      throw RegistryException.schemaNotFound("with id " + id);
    }
    return parsed.computeIfAbsent(id, i -> AvroSchemas.parse(content.schema()));
  }

  int nextId() {
    return maxId + 1;
  }

  int contentCount() {
    return contents.size();
  }

  Set<String> subjectNames() {
    return Collections.unmodifiableSet(subjects.keySet());
  }

  /** All versions of a subject, soft-deleted ones included; empty when unknown. */
  NavigableMap<Integer, SubjectVersion> versions(String subject) {
    NavigableMap<Integer, SubjectVersion> versions = subjects.get(subject);
    return versions == null
        ? Collections.emptyNavigableMap()
        : Collections.unmodifiableNavigableMap(versions);
  }

  Iterable<NavigableMap<Integer, SubjectVersion>> allSubjects() {
    return subjects.values();
  }

  CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }
}
