package io.fabstream.inference.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A versioned store of models on a file system: {@code <root>/<name>/v<N>/} holds a version's files
 * and {@code manifest.json}, and {@code <root>/<name>/registry.json} lists the versions with each
 * manifest's SHA-256 and which version is promoted, with the promotion history that rollback walks
 * back. Versions are immutable once published; loading verifies every checksum and refuses a
 * version whose bytes changed.
 */
public final class ModelRegistry {

  /** Per-model index file. */
  public static final String INDEX = "registry.json";

  /** Manifest file in a version directory. */
  public static final String MANIFEST = "manifest.json";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * A published version.
   *
   * @param version version number
   * @param manifestSha256 SHA-256 of its manifest
   * @param publishedAt when it was published
   */
  public record Entry(int version, String manifestSha256, Instant publishedAt) {}

  /**
   * A change of the promoted version.
   *
   * @param action {@code promote} or {@code rollback}
   * @param version the version promoted by it
   * @param at when
   */
  public record Event(String action, int version, Instant at) {}

  /**
   * A model's index.
   *
   * @param name model name
   * @param versions published versions, oldest first
   * @param promoted promotion stack: the last is in use, rollback pops it
   * @param history every promotion and rollback, oldest first
   */
  public record Index(
      String name, List<Entry> versions, List<Integer> promoted, List<Event> history) {

    /** The version in use, if any. */
    public Optional<Integer> current() {
      return promoted.isEmpty() ? Optional.empty() : Optional.of(promoted.get(promoted.size() - 1));
    }

    public Optional<Entry> entry(int version) {
      return versions.stream().filter(e -> e.version() == version).findFirst();
    }
  }

  private final Path root;
  private final Clock clock;

  /** A registry rooted at {@code root} (created on first publish). */
  public ModelRegistry(Path root) {
    this(root, Clock.systemUTC());
  }

  ModelRegistry(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  /** Names of the models in the registry, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(INDEX)))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model registry " + root, e);
    }
  }

  /** A model's index; an unknown model is an error naming the known ones. */
  public synchronized Index index(String name) {
    Path file = root.resolve(name).resolve(INDEX);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no model '" + name + "' in registry " + root.toAbsolutePath() + "; models: " + names());
    }
    try {
      return JSON.readValue(file.toFile(), Index.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The manifest of a version, as written (not verified). */
  public ModelManifest manifest(String name, int version) {
    Path file = versionDir(name, version).resolve(MANIFEST);
    try {
      return JSON.readValue(file.toFile(), ModelManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The number the next published version of {@code name} will get. */
  public synchronized int nextVersion(String name) {
    if (!Files.isRegularFile(root.resolve(name).resolve(INDEX))) {
      return 1;
    }
    return index(name).versions().stream().mapToInt(Entry::version).max().orElse(0) + 1;
  }

  /**
   * Publishes the files of {@code staging} (flat directory) as the next version of the manifest's
   * model: copies them, records their SHA-256 in the manifest and the manifest's in the index. The
   * new version is not promoted.
   */
  public synchronized ModelVersion publish(ModelManifest draft, Path staging) {
    Path modelDir = root.resolve(draft.name());
    Index index =
        Files.isRegularFile(modelDir.resolve(INDEX))
            ? index(draft.name())
            : new Index(draft.name(), List.of(), List.of(), List.of());
    int version = index.versions().stream().mapToInt(Entry::version).max().orElse(0) + 1;
    Path dir = versionDir(draft.name(), version);
    try {
      Files.createDirectories(dir);
      List<Path> files;
      try (Stream<Path> list = Files.list(staging)) {
        files =
            list.filter(Files::isRegularFile)
                .filter(f -> !f.getFileName().toString().equals(MANIFEST))
                .sorted()
                .toList();
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("nothing to publish in " + staging);
      }
      for (Path f : files) {
        Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      Map<String, String> hashes =
          Sha256.ofFiles(files.stream().map(f -> dir.resolve(f.getFileName())).toList());
      ModelManifest manifest = draft.withVersion(version).withFiles(hashes);
      byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
      Files.write(dir.resolve(MANIFEST), manifestBytes);
      List<Entry> versions = new ArrayList<>(index.versions());
      versions.add(new Entry(version, Sha256.of(manifestBytes), clock.instant()));
      writeIndex(new Index(index.name(), versions, index.promoted(), index.history()));
      return new ModelVersion(dir, manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot publish " + draft.name() + " v" + version + " to " + dir, e);
    }
  }

  /**
   * Loads a version after checking its manifest against the index and every file against the
   * manifest.
   *
   * @throws ModelIntegrityException when a file is missing or its checksum differs
   */
  public ModelVersion load(String name, int version) {
    Index index = index(name);
    Entry entry =
        index
            .entry(version)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model "
                            + name
                            + " has no version "
                            + version
                            + "; versions: "
                            + index.versions().stream().map(Entry::version).toList()));
    Path dir = versionDir(name, version);
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new ModelIntegrityException(
          name + " v" + version + ": manifest " + manifestFile + " is missing");
    }
    String manifestHash = Sha256.of(manifestFile);
    if (!manifestHash.equals(entry.manifestSha256())) {
      throw new ModelIntegrityException(
          String.format(
              "%s v%d: %s has SHA-256 %s but the registry recorded %s; refusing to load it",
              name, version, manifestFile, manifestHash, entry.manifestSha256()));
    }
    ModelManifest manifest = manifest(name, version);
    for (Map.Entry<String, String> f : new TreeMap<>(manifest.files()).entrySet()) {
      Path file = dir.resolve(f.getKey());
      if (!Files.isRegularFile(file)) {
        throw new ModelIntegrityException(name + " v" + version + ": file " + file + " is missing");
      }
      String actual = Sha256.of(file);
      if (!actual.equals(f.getValue())) {
        throw new ModelIntegrityException(
            String.format(
                "%s v%d: %s has SHA-256 %s but was published as %s; refusing to load it",
                name, version, file, actual, f.getValue()));
      }
    }
    return new ModelVersion(dir, manifest);
  }

  /** Loads the promoted version. */
  public ModelVersion loadPromoted(String name) {
    return load(name, promotedVersion(name));
  }

  /** The promoted version's number. */
  public int promotedVersion(String name) {
    return index(name)
        .current()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "model " + name + " has no promoted version; run 'fabstream models promote'"));
  }

  /** Makes {@code version} the one in use, after verifying it. */
  public synchronized void promote(String name, int version) {
    load(name, version);
    Index index = index(name);
    List<Integer> stack = new ArrayList<>(index.promoted());
    stack.add(version);
    List<Event> history = new ArrayList<>(index.history());
    history.add(new Event("promote", version, clock.instant()));
    writeIndex(new Index(name, index.versions(), stack, history));
  }

  /**
   * Goes back to the version promoted before the current one, after verifying it.
   *
   * @return the version now in use
   */
  public synchronized int rollback(String name) {
    Index index = index(name);
    if (index.promoted().size() < 2) {
      throw new IllegalStateException(
          "model "
              + name
              + " has no earlier promoted version to roll back to (promotions: "
              + index.promoted()
              + ")");
    }
    List<Integer> stack = new ArrayList<>(index.promoted());
    stack.remove(stack.size() - 1);
    int target = stack.get(stack.size() - 1);
    load(name, target);
    List<Event> history = new ArrayList<>(index.history());
    history.add(new Event("rollback", target, clock.instant()));
    writeIndex(new Index(name, index.versions(), stack, history));
    return target;
  }

  private Path versionDir(String name, int version) {
    return root.resolve(name).resolve("v" + version);
  }

  private void writeIndex(Index index) {
    Path file = root.resolve(index.name()).resolve(INDEX);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), INDEX, ".tmp");
      JSON.writeValue(tmp.toFile(), index);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
