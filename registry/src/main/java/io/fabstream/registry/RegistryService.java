package io.fabstream.registry;

import io.fabstream.registry.StoreRecord.SchemaContent;
import io.fabstream.registry.StoreRecord.SubjectVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations, shared by the Confluent and Apicurio APIs so both see one id space:
 * one id per distinct canonical schema content, used as Confluent schema id, Apicurio contentId and
 * Apicurio globalId alike. Changes are serialized (one writer per instance) and written to the
 * {@link SchemaStore} before they become visible.
 */
final class RegistryService {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);

  /** Outcome of a registration. */
  record Registered(String subject, int id, int version, boolean created) {}

  private final SchemaStore store;
  private final RegistryMetrics metrics;
  private final RegistryState state = new RegistryState();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  RegistryService(SchemaStore store, RegistryMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
    store.replay(state::apply);
    metrics.gaugeSchemas(this::schemaCount);
  }

  // ---------------------------------------------------------------- registration and lookup

  /**
   * Registers {@code schemaText} under {@code subject}, or returns the existing version with the
   * same content.
   *
   * @param requestedVersion version number the caller insists on, or null
   * @param failIfSubjectExists refuse when the subject already has live versions (Apicurio FAIL)
   */
  Registered register(
      String subject,
      String schemaText,
      String schemaType,
      Integer requestedVersion,
      boolean failIfSubjectExists) {
    AvroSchemas.requireAvro(schemaType);
    requireSubject(subject);
    Schema candidate = AvroSchemas.parse(schemaText);
    String canonical = AvroSchemas.canonical(candidate);
    return write(
        () -> {
          NavigableMap<Integer, SubjectVersion> versions = state.versions(subject);
          Optional<Integer> knownId = state.idOf(canonical);
          List<SubjectVersion> live = live(versions);
          if (failIfSubjectExists && !live.isEmpty()) {
            throw new RegistryException(
                409, 40901, "Artifact '" + subject + "' already exists in group 'default'.");
          }
          if (knownId.isPresent()) {
            for (SubjectVersion v : live) {
              if (v.id() == knownId.get()) {
                return new Registered(subject, v.id(), v.version(), false);
              }
            }
          }
          CompatibilityLevel level = effectiveLevel(subject);
          List<String> problems = CompatibilityChecker.check(level, candidate, previous(live));
          if (!problems.isEmpty()) {
            throw RegistryException.incompatible(subject, problems);
          }
          int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
          if (requestedVersion != null && requestedVersion != version) {
            throw RegistryException.badRequest(
                "version "
                    + requestedVersion
                    + " was requested for '"
                    + subject
                    + "' but the next version is "
                    + version);
          }
          long now = System.currentTimeMillis();
          int id = knownId.orElseGet(state::nextId);
          if (knownId.isEmpty()) {
            commit(new SchemaContent(id, canonical, now));
          }
          commit(new SubjectVersion(subject, version, id, false, now));
          metrics.schemaRegistered();
          LOG.info("Registered {} version {} with schema id {}", subject, version, id);
          return new Registered(subject, id, version, true);
        });
  }

  /** The live (or, with {@code includeDeleted}, any) version of a subject with this content. */
  SubjectVersion lookup(
      String subject, String schemaText, String schemaType, boolean includeDeleted) {
    AvroSchemas.requireAvro(schemaType);
    String canonical = AvroSchemas.canonical(AvroSchemas.parse(schemaText));
    return read(
        () -> {
          NavigableMap<Integer, SubjectVersion> versions = state.versions(subject);
          if (versions.isEmpty() || (!includeDeleted && live(versions).isEmpty())) {
            throw RegistryException.subjectNotFound(subject);
          }
          Optional<Integer> id = state.idOf(canonical);
          return versions.descendingMap().values().stream()
              .filter(v -> includeDeleted || !v.deleted())
              .filter(v -> id.isPresent() && v.id() == id.get())
              .findFirst()
              .orElseThrow(
                  () -> RegistryException.schemaNotFound("under subject '" + subject + "'"));
        });
  }

  /** Versions of any subject (or only {@code subject} when not null) holding this content. */
  List<SubjectVersion> findByContent(String subject, String schemaText) {
    String canonical = AvroSchemas.canonical(AvroSchemas.parse(schemaText));
    return read(
        () -> {
          Optional<Integer> id = state.idOf(canonical);
          if (id.isEmpty()) {
            return List.of();
          }
          return usagesLocked(id.get()).stream()
              .filter(v -> subject == null || v.subject().equals(subject))
              .toList();
        });
  }

  List<String> subjects(boolean includeDeleted) {
    return read(
        () ->
            state.subjectNames().stream()
                .filter(s -> includeDeleted || !live(state.versions(s)).isEmpty())
                .toList());
  }

  List<Integer> versions(String subject, boolean includeDeleted) {
    return read(
        () -> {
          List<Integer> numbers =
              state.versions(subject).values().stream()
                  .filter(v -> includeDeleted || !v.deleted())
                  .map(SubjectVersion::version)
                  .toList();
          if (numbers.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
          }
          return numbers;
        });
  }

  /** A version by number, {@code latest} or {@code -1}. */
  SubjectVersion version(String subject, String expression, boolean includeDeleted) {
    return read(() -> versionLocked(subject, expression, includeDeleted));
  }

  String schemaText(int id) {
    return read(
        () ->
            state
                .content(id)
                .map(SchemaContent::schema)
                .orElseThrow(() -> RegistryException.schemaNotFound("with id " + id)));
  }

  /** Content by the SHA-256 (hex) of its canonical text, Apicurio's content hash. */
  Optional<SchemaContent> contentByHash(String sha256Hex) {
    return read(
        () -> {
          for (int id = 1; id < state.nextId(); id++) {
            Optional<SchemaContent> c = state.content(id);
            if (c.isPresent() && sha256(c.get().schema()).equalsIgnoreCase(sha256Hex)) {
              return c;
            }
          }
          return Optional.empty();
        });
  }

  /** Live subject versions that use schema {@code id}; 40403 when the id is unknown. */
  List<SubjectVersion> usages(int id) {
    return read(
        () -> {
          if (state.content(id).isEmpty()) {
            throw RegistryException.schemaNotFound("with id " + id);
          }
          return usagesLocked(id);
        });
  }

  // ---------------------------------------------------------------- deletes

  /** Soft (or permanent, after a soft) delete of all versions; returns their numbers. */
  List<Integer> deleteSubject(String subject, boolean permanent) {
    return write(
        () -> {
          NavigableMap<Integer, SubjectVersion> versions = state.versions(subject);
          if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
          }
          List<SubjectVersion> live = live(versions);
          List<Integer> affected = new ArrayList<>();
          if (permanent) {
            if (!live.isEmpty()) {
              throw RegistryException.subjectNotSoftDeleted(subject);
            }
            for (SubjectVersion v : List.copyOf(versions.values())) {
              commit(new StoreRecord.VersionPurged(subject, v.version()));
              affected.add(v.version());
            }
          } else {
            if (live.isEmpty()) {
              throw RegistryException.subjectNotFound(subject);
            }
            for (SubjectVersion v : live) {
              commit(v.asDeleted());
              affected.add(v.version());
            }
          }
          LOG.info("Deleted subject {} versions {} (permanent={})", subject, affected, permanent);
          return affected;
        });
  }

  /** Soft (or permanent, after a soft) delete of one version; returns its number. */
  int deleteVersion(String subject, String expression, boolean permanent) {
    return write(
        () -> {
          SubjectVersion v = versionLocked(subject, expression, permanent);
          if (permanent) {
            if (!v.deleted()) {
              throw RegistryException.versionNotSoftDeleted(subject, v.version());
            }
            commit(new StoreRecord.VersionPurged(subject, v.version()));
          } else {
            commit(v.asDeleted());
          }
          LOG.info("Deleted {} version {} (permanent={})", subject, v.version(), permanent);
          return v.version();
        });
  }

  // ---------------------------------------------------------------- compatibility settings

  CompatibilityLevel globalLevel() {
    return read(state::globalLevel);
  }

  void setGlobalLevel(CompatibilityLevel level) {
    write(
        () -> {
          commit(new StoreRecord.Compatibility(null, level));
          return level;
        });
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return read(() -> state.subjectLevel(subject));
  }

  void setSubjectLevel(String subject, CompatibilityLevel level) {
    requireSubject(subject);
    write(
        () -> {
          commit(new StoreRecord.Compatibility(subject, level));
          return level;
        });
  }

  /** Clears a subject's own level; returns what it was (or the global level when none). */
  CompatibilityLevel clearSubjectLevel(String subject) {
    return write(
        () -> {
          Optional<CompatibilityLevel> previous = state.subjectLevel(subject);
          if (previous.isEmpty()) {
            if (state.versions(subject).isEmpty()) {
              throw RegistryException.subjectNotFound(subject);
            }
            return state.globalLevel();
          }
          commit(new StoreRecord.Compatibility(subject, null));
          return previous.get();
        });
  }

  /**
   * Incompatibilities of {@code schemaText} with a subject: against one version when {@code
   * expression} is given, else against what registration would check.
   */
  List<String> testCompatibility(
      String subject, String expression, String schemaText, String schemaType) {
    AvroSchemas.requireAvro(schemaType);
    Schema candidate = AvroSchemas.parse(schemaText);
    return read(
        () -> {
          CompatibilityLevel level = effectiveLevel(subject);
          if (expression == null) {
            return CompatibilityChecker.check(
                level, candidate, previous(live(state.versions(subject))));
          }
          SubjectVersion v = versionLocked(subject, expression, false);
          return CompatibilityChecker.check(
              level,
              candidate,
              List.of(new CompatibilityChecker.Previous(v.version(), state.schema(v.id()))));
        });
  }

  // ---------------------------------------------------------------- internals

  private CompatibilityLevel effectiveLevel(String subject) {
    return state.subjectLevel(subject).orElse(state.globalLevel());
  }

  private SubjectVersion versionLocked(String subject, String expression, boolean includeDeleted) {
    NavigableMap<Integer, SubjectVersion> versions = state.versions(subject);
    List<SubjectVersion> visible =
        versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    if (visible.isEmpty()) {
      throw RegistryException.subjectNotFound(subject);
    }
    String e = expression == null ? "latest" : expression.trim();
    if (e.equalsIgnoreCase("latest") || e.equals("-1")) {
      return visible.get(visible.size() - 1);
    }
    int number;
    try {
      number = Integer.parseInt(e);
    } catch (NumberFormatException ex) {
      throw RegistryException.invalidVersion(expression);
    }
    if (number < 1) {
      throw RegistryException.invalidVersion(expression);
    }
    SubjectVersion v = versions.get(number);
    if (v == null || (v.deleted() && !includeDeleted)) {
      throw RegistryException.versionNotFound(subject, number);
    }
    return v;
  }

  private List<SubjectVersion> usagesLocked(int id) {
    List<SubjectVersion> result = new ArrayList<>();
    for (NavigableMap<Integer, SubjectVersion> versions : state.allSubjects()) {
      for (SubjectVersion v : versions.values()) {
        if (v.id() == id && !v.deleted()) {
          result.add(v);
        }
      }
    }
    return result;
  }

  private List<CompatibilityChecker.Previous> previous(List<SubjectVersion> live) {
    return live.stream()
        .map(v -> new CompatibilityChecker.Previous(v.version(), state.schema(v.id())))
        .toList();
  }

  private static List<SubjectVersion> live(NavigableMap<Integer, SubjectVersion> versions) {
    return versions.values().stream().filter(v -> !v.deleted()).toList();
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw RegistryException.badRequest("subject must not be empty");
    }
  }

  private void commit(StoreRecord record) {
    store.append(record);
    state.apply(record);
  }

  private int schemaCount() {
    return read(state::contentCount);
  }

  private <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
