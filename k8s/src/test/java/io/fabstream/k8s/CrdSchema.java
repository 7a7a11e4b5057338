package io.fabstream.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * A custom resource checked against its CRD's {@code openAPIV3Schema} structurally: no field the
 * schema does not declare (where it does not preserve unknown fields), enum values from the enum,
 * and scalar types that fit. For models whose classes ignore unknown JSON fields (the Flink
 * operator's), this is what catches a misspelt field.
 */
final class CrdSchema {

  private final Map<String, Object> schema;

  private CrdSchema(Map<String, Object> schema) {
    this.schema = schema;
  }

  /** The schema of {@code version} in the CRD file on the classpath at {@code resource}. */
  @SuppressWarnings("unchecked")
  static CrdSchema fromClasspath(String resource, String version) {
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no CRD " + resource + " on the classpath");
      }
      Map<String, Object> crd =
          new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      for (Map<String, Object> v :
          (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions")) {
        if (version.equals(v.get("name"))) {
          return new CrdSchema(
              (Map<String, Object>) ((Map<String, Object>) v.get("schema")).get("openAPIV3Schema"));
        }
      }
      throw new IllegalStateException(resource + " has no version " + version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Problems of {@code body}'s {@code spec}; {@code allowed} maps a path to extra enum values. */
  @SuppressWarnings("unchecked")
  void check(Map<String, Object> body, Map<String, Set<String>> allowed, List<String> problems) {
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    check(
        body.get("spec"), (Map<String, Object>) properties.get("spec"), "spec", allowed, problems);
  }

  @SuppressWarnings("unchecked")
  private static void check(
      Object value,
      Map<String, Object> s,
      String path,
      Map<String, Set<String>> allowed,
      List<String> problems) {
    if (value == null
        || s == null
        || Boolean.TRUE.equals(s.get("x-kubernetes-preserve-unknown-fields"))
        || Boolean.TRUE.equals(s.get("x-kubernetes-int-or-string"))) {
      return;
    }
    Object type = s.get("type");
    if (s.get("enum") instanceof List<?> values
        && !values.contains(String.valueOf(value))
        && !allowed.getOrDefault(path, Set.of()).contains(String.valueOf(value))) {
      problems.add(path + ": '" + value + "' is not one of " + values);
    }
    if ("object".equals(type) || s.containsKey("properties")) {
      if (!(value instanceof Map<?, ?> m)) {
        problems.add(path + ": an object expected, got " + value);
        return;
      }
      Map<String, Object> props = (Map<String, Object>) s.get("properties");
      Object additional = s.get("additionalProperties");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (props != null && props.containsKey(key)) {
          check(
              e.getValue(),
              (Map<String, Object>) props.get(key),
              path + "." + key,
              allowed,
              problems);
        } else if (additional instanceof Map<?, ?> a) {
          check(e.getValue(), (Map<String, Object>) a, path + "." + key, allowed, problems);
        } else if (props != null) {
          problems.add(path + ": unknown field '" + key + "'");
        }
      }
    } else if ("array".equals(type)) {
      if (!(value instanceof List<?> list)) {
        problems.add(path + ": a list expected, got " + value);
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        check(
            list.get(i),
            (Map<String, Object>) s.get("items"),
            path + "[" + i + "]",
            allowed,
            problems);
      }
    } else if ("string".equals(type) && !(value instanceof String)) {
      problems.add(path + ": a string expected, got " + value);
    } else if (("integer".equals(type) || "number".equals(type)) && !(value instanceof Number)) {
      problems.add(path + ": a number expected, got " + value);
    } else if ("boolean".equals(type) && !(value instanceof Boolean)) {
      problems.add(path + ": true or false expected, got " + value);
    }
  }
}
