package io.fabstream.drift.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabstream.schemas.DriftReferenceSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What each model version promised on its card, read from the model registry directory: its class
 * names and its held-back metrics. Performance drift is a fall below this promise, so the drift
 * apps read it from the same files the scorers load, and refuse a manifest whose SHA-256 differs
 * from the registry index (a baseline nobody published is no baseline).
 *
 * <p>Cross-validated figures ({@code cv_*}) are preferred where the card has them: on a few dozen
 * faulty runs a single held-back fold can say 100%, which no stream would meet.
 *
 * <p>A version published with a {@link DriftReferenceSample} (what its inputs and outputs looked
 * like in training) carries it here too, after its SHA-256 is checked against the manifest's, so
 * data drift can hold the stream to the data the model was fitted on.
 */
public final class ModelBaselines {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One version's promise.
   *
   * @param model model name
   * @param version version number
   * @param labels class names in output order
   * @param metrics the card's metrics by name
   * @param driftReference the sample of training inputs and outputs, or null where the version was
   *     published without one
   */
  public record Baseline(
      String model,
      int version,
      List<String> labels,
      Map<String, Double> metrics,
      DriftReferenceSample driftReference) {

    /** The version's saved drift reference, if it was published with one. */
    public Optional<DriftReferenceSample> reference() {
      return Optional.ofNullable(driftReference);
    }

    /** Accuracy to hold the stream to. */
    public Optional<Double> accuracy() {
      return first("cv_accuracy", "accuracy");
    }

    /** Macro-F1 to hold the stream to. */
    public Optional<Double> macroF1() {
      return first("cv_macro_f1", "macro_f1");
    }

    /** Recall of {@code label} to hold the stream to. */
    public Optional<Double> recall(String label) {
      return first("cv_" + label + "_recall", "recall." + label);
    }

    private Optional<Double> first(String... names) {
      for (String n : names) {
        Double v = metrics.get(n);
        if (v != null && Double.isFinite(v)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }

  private final Map<String, Baseline> byKey;
  private final Map<String, Integer> promoted;

  private ModelBaselines(Map<String, Baseline> byKey, Map<String, Integer> promoted) {
    this.byKey = byKey;
    this.promoted = promoted;
  }

  /** No baselines (every version is unknown). */
  public static ModelBaselines none() {
    return new ModelBaselines(Map.of(), Map.of());
  }

  /** Every published version under {@code modelsDir} ({@code <name>/registry.json}). */
  public static ModelBaselines read(Path modelsDir) {
    if (!Files.isDirectory(modelsDir)) {
      throw new IllegalArgumentException("model registry " + modelsDir + " is not a directory");
    }
    Map<String, Baseline> out = new LinkedHashMap<>();
    Map<String, Integer> promoted = new LinkedHashMap<>();
    try (Stream<Path> dirs = Files.list(modelsDir)) {
      for (Path dir : dirs.sorted().toList()) {
        Path index = dir.resolve("registry.json");
        if (!Files.isRegularFile(index)) {
          continue;
        }
        JsonNode registry = JSON.readTree(index.toFile());
        String name = registry.path("name").asText(dir.getFileName().toString());
        JsonNode stack = registry.path("promoted");
        if (stack.isArray() && !stack.isEmpty()) {
          promoted.put(name, stack.get(stack.size() - 1).asInt());
        }
        for (JsonNode entry : registry.path("versions")) {
          int version = entry.path("version").asInt();
          Path manifest = dir.resolve("v" + version).resolve("manifest.json");
          byte[] bytes = Files.readAllBytes(manifest);
          String expected = entry.path("manifestSha256").asText();
          String actual = sha256(bytes);
          if (!actual.equals(expected)) {
            throw new IllegalStateException(
                name
                    + " v"
                    + version
                    + ": manifest "
                    + manifest
                    + " has SHA-256 "
                    + actual
                    + " but the registry index says "
                    + expected);
          }
          JsonNode m = JSON.readTree(bytes);
          List<String> labels = new ArrayList<>();
          m.path("labels").forEach(l -> labels.add(l.asText()));
          Map<String, Double> metrics = new LinkedHashMap<>();
          m.path("metrics")
              .fields()
              .forEachRemaining(f -> metrics.put(f.getKey(), f.getValue().asDouble()));
          out.put(
              key(name, String.valueOf(version)),
              new Baseline(
                  name,
                  version,
                  List.copyOf(labels),
                  Map.copyOf(metrics),
                  driftReference(name, version, manifest.getParent(), m)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model baselines under " + modelsDir, e);
    }
    return new ModelBaselines(Map.copyOf(out), Map.copyOf(promoted));
  }

  private static DriftReferenceSample driftReference(
      String name, int version, Path dir, JsonNode manifest) throws IOException {
    JsonNode expected = manifest.path("files").path(DriftReferenceSample.FILE);
    if (expected.isMissingNode()) {
      return null;
    }
    Path file = dir.resolve(DriftReferenceSample.FILE);
    String actual = sha256(Files.readAllBytes(file));
    if (!actual.equals(expected.asText())) {
      throw new IllegalStateException(
          name
              + " v"
              + version
              + ": "
              + file
              + " has SHA-256 "
              + actual
              + " but the manifest says "
              + expected.asText());
    }
    return DriftReferenceSample.read(file);
  }

  /** The baseline of the model's promoted version, if it has one. */
  public Optional<Baseline> promoted(String model) {
    Integer v = promoted.get(model);
    return v == null ? Optional.empty() : of(model, String.valueOf(v));
  }

  /** The baseline of a version, if it is published. */
  public Optional<Baseline> of(String model, String version) {
    return Optional.ofNullable(byKey.get(key(model, version)));
  }

  /** Every baseline. */
  public List<Baseline> all() {
    return List.copyOf(byKey.values());
  }

  private static String key(String model, String version) {
    return model + "/" + version;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
