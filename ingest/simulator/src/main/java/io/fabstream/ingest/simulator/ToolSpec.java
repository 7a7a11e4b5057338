package io.fabstream.ingest.simulator;

import java.util.List;

/**
 * An etch tool and its chambers (process modules). Wafers of a lot are spread over the chambers,
 * and traces are keyed by {@code tool/chamber}.
 *
 * @param name tool id, e.g. {@code ETCH-01}
 * @param chambers chamber ids, e.g. {@code PM1}
 */
public record ToolSpec(String name, List<String> chambers) {

  public ToolSpec {
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("tool name must be set and contain no '/', got " + name);
    }
    chambers = List.copyOf(chambers);
    if (chambers.isEmpty()) {
      throw new IllegalArgumentException("tool " + name + " needs at least one chamber");
    }
    if (chambers.stream().distinct().count() != chambers.size()) {
      throw new IllegalArgumentException("tool " + name + " has duplicate chambers");
    }
  }
}
