package io.fabstream.drift.dispatch;

import io.fabstream.schemas.Severity;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dispatcher's endpoints as a properties file a platform team keeps beside its deployment (a
 * ConfigMap in Kubernetes), one block per endpoint:
 *
 * <pre>
 * endpoint.etch-team.kind=SLACK
 * endpoint.etch-team.url=https://hooks.slack.com/services/...
 * endpoint.etch-team.minSeverity=WARNING
 * endpoint.etch-team.secretEnv=FAB_SLACK_SIGNING_SECRET
 * endpoint.airflow.kind=AIRFLOW
 * endpoint.airflow.url=http://airflow:8080
 * endpoint.airflow.dagId=retrain_wafer_cnn
 * endpoint.airflow.models=wafer-cnn
 * endpoint.airflow.authEnv=AIRFLOW_AUTH
 * </pre>
 *
 * Keys per endpoint: {@code kind} and {@code url} (required), {@code minSeverity}, {@code dagId},
 * {@code pipelineId}, {@code pipelineVersionId}, {@code experimentId}, {@code models}
 * (comma-separated), {@code authEnv}, {@code secretEnv}. Secrets are never values here, only the
 * names of environment variables holding them. Unknown keys are refused, so a typo does not
 * silently drop a setting.
 */
public final class EndpointsFile {

  private static final Set<String> KEYS =
      Set.of(
          "kind",
          "url",
          "minSeverity",
          "dagId",
          "pipelineId",
          "pipelineVersionId",
          "experimentId",
          "models",
          "authEnv",
          "secretEnv");

  private EndpointsFile() {}

  /** Reads the endpoints of {@code file}. */
  public static List<Endpoint> read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(r);
      return parse(p, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read endpoints file " + file, e);
    }
  }

  /** Parses endpoint blocks; {@code source} names the file in error messages. */
  public static List<Endpoint> parse(Properties p, String source) {
    Map<String, Map<String, String>> blocks = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      String[] parts = key.split("\\.", 3);
      if (parts.length != 3 || !parts[0].equals("endpoint")) {
        throw new IllegalArgumentException(
            source + ": key '" + key + "' is not endpoint.<name>.<setting>");
      }
      if (!KEYS.contains(parts[2])) {
        throw new IllegalArgumentException(
            source
                + ": unknown setting '"
                + parts[2]
                + "' of endpoint "
                + parts[1]
                + "; known: "
                + new java.util.TreeSet<>(KEYS));
      }
      blocks
          .computeIfAbsent(parts[1], k -> new TreeMap<>())
          .put(parts[2], p.getProperty(key).trim());
    }
    List<Endpoint> out = new ArrayList<>();
    blocks.forEach((name, b) -> out.add(endpoint(name, b, source)));
    return out;
  }

  private static Endpoint endpoint(String name, Map<String, String> b, String source) {
    String where = source + ": endpoint " + name;
    if (!b.containsKey("kind") || !b.containsKey("url")) {
      throw new IllegalArgumentException(where + " needs kind and url");
    }
    Endpoint.Kind kind;
    try {
      kind = Endpoint.Kind.valueOf(b.get("kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where
              + ": kind '"
              + b.get("kind")
              + "' is not one of "
              + Arrays.toString(Endpoint.Kind.values()),
          e);
    }
    URI url;
    try {
      url = new URI(b.get("url"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(where + ": url '" + b.get("url") + "' is not a URI", e);
    }
    Severity severity = null;
    if (b.containsKey("minSeverity")) {
      try {
        severity = Severity.valueOf(b.get("minSeverity").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where
                + ": minSeverity '"
                + b.get("minSeverity")
                + "' is not one of "
                + Arrays.toString(Severity.values()),
            e);
      }
    }
    List<String> models =
        b.containsKey("models")
            ? Arrays.stream(b.get("models").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList()
            : List.of();
    try {
      return new Endpoint(
          name,
          kind,
          url,
          severity,
          b.get("dagId"),
          b.get("pipelineId"),
          b.get("pipelineVersionId"),
          b.get("experimentId"),
          models,
          b.get("authEnv"),
          b.get("secretEnv"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }
}
