package io.fabstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a Kustomize directory the way {@code kustomize build} does for the features fabstream's
 * manifests use (no kustomize binary is available offline): {@code resources} (files and
 * directories, recursively), {@code patches} with a {@code path} (a strategic merge: maps merge,
 * lists of named items merge by name, other lists are replaced), the {@code namespace} and {@code
 * labels} transformers, and {@code configMapGenerator} (files by their names).
 */
final class Kustomization {

  /** One rendered resource and the file it came from. */
  record Resource(Path source, Map<String, Object> body) {
    String kind() {
      return String.valueOf(body.get("kind"));
    }

    String apiVersion() {
      return String.valueOf(body.get("apiVersion"));
    }

    @SuppressWarnings("unchecked")
    String name() {
      return String.valueOf(((Map<String, Object>) body.get("metadata")).get("name"));
    }

    @Override
    public String toString() {
      return kind() + "/" + name() + " (" + source + ")";
    }
  }

  private Kustomization() {}

  /** The resources {@code dir}'s kustomization produces. */
  @SuppressWarnings("unchecked")
  static List<Resource> build(Path dir) {
    Map<String, Object> k = load(dir.resolve("kustomization.yaml")).get(0);
    List<Resource> out = new ArrayList<>();
    for (String r : (List<String>) k.getOrDefault("resources", List.of())) {
      Path p = dir.resolve(r).normalize();
      if (Files.isDirectory(p)) {
        out.addAll(build(p));
      } else {
        load(p).forEach(body -> out.add(new Resource(p, body)));
      }
    }
    for (Map<String, Object> g :
        (List<Map<String, Object>>) k.getOrDefault("configMapGenerator", List.of())) {
      Map<String, Object> data = new LinkedHashMap<>();
      for (String f : (List<String>) g.get("files")) {
        Path p = dir.resolve(f).normalize();
        data.put(p.getFileName().toString(), read(p));
      }
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("apiVersion", "v1");
      cm.put("kind", "ConfigMap");
      cm.put("metadata", new LinkedHashMap<>(Map.of("name", g.get("name"))));
      cm.put("data", data);
      out.add(new Resource(dir.resolve("kustomization.yaml"), cm));
    }
    for (Map<String, Object> patch :
        (List<Map<String, Object>>) k.getOrDefault("patches", List.of())) {
      Path p = dir.resolve(String.valueOf(patch.get("path")));
      if (patch.get("target") instanceof Map<?, ?> selector) {
        // one patch for every resource of a kind (its own metadata.name is not used)
        Map<String, Object> doc = load(p).get(0);
        List<Resource> targets =
            out.stream().filter(r -> r.kind().equals(selector.get("kind"))).toList();
        if (targets.isEmpty()) {
          throw new IllegalStateException(
              p + " targets kind " + selector.get("kind") + ", of which there is none");
        }
        for (Resource t : targets) {
          Map<String, Object> copy = new LinkedHashMap<>(doc);
          copy.remove("metadata");
          merge(t.body(), deepCopy(copy));
        }
        continue;
      }
      for (Map<String, Object> doc : load(p)) {
        Resource target =
            out.stream()
                .filter(
                    r ->
                        r.kind().equals(doc.get("kind"))
                            && r.name()
                                .equals(((Map<String, Object>) doc.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            p
                                + " patches "
                                + doc.get("kind")
                                + " "
                                + doc.get("metadata")
                                + ", which the resources do not hold"));
        merge(target.body(), doc);
      }
    }
    if (k.get("namespace") instanceof String ns) {
      for (Resource r : out) {
        Map<String, Object> meta = (Map<String, Object>) r.body().get("metadata");
        if (r.kind().equals("Namespace")) {
          meta.put("name", ns);
        } else {
          meta.put("namespace", ns);
        }
      }
    }
    for (Map<String, Object> l : (List<Map<String, Object>>) k.getOrDefault("labels", List.of())) {
      Map<String, Object> pairs = (Map<String, Object>) l.get("pairs");
      for (Resource r : out) {
        Map<String, Object> meta = (Map<String, Object>) r.body().get("metadata");
        Map<String, Object> labels =
            (Map<String, Object>) meta.computeIfAbsent("labels", x -> new LinkedHashMap<>());
        labels.putAll(pairs);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> into, Map<String, Object> patch) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      Object old = into.get(e.getKey());
      Object neu = e.getValue();
      if (old instanceof Map<?, ?> o && neu instanceof Map<?, ?> n) {
        merge((Map<String, Object>) o, (Map<String, Object>) n);
      } else if (old instanceof List<?> o && neu instanceof List<?> n && named(o) && named(n)) {
        List<Object> merged = new ArrayList<>(o);
        for (Object item : n) {
          Object name = ((Map<String, Object>) item).get("name");
          Map<String, Object> match =
              (Map<String, Object>)
                  merged.stream()
                      .filter(m -> Objects.equals(((Map<String, Object>) m).get("name"), name))
                      .findFirst()
                      .orElse(null);
          if (match == null) {
            merged.add(item);
          } else {
            merge(match, (Map<String, Object>) item);
          }
        }
        into.put(e.getKey(), merged);
      } else {
        into.put(e.getKey(), neu);
      }
    }
  }

  private static boolean named(List<?> list) {
    return !list.isEmpty()
        && list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    return (Map<String, Object>) new Yaml().load(new Yaml().dump(m));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> load(Path file) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(read(file))) {
      if (doc != null) {
        docs.add((Map<String, Object>) doc);
      }
    }
    return docs;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
