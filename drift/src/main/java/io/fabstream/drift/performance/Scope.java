package io.fabstream.drift.performance;

import io.fabstream.schemas.LabelledPrediction;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a metric is measured: a model version over everything it scored, or over one tool, one
 * chamber or one product. A chamber that drifts hides in the fleet's average; the fleet's drift
 * shows in every chamber at once.
 *
 * @param model model name
 * @param version model version
 * @param kind {@code all}, {@code tool}, {@code chamber} or {@code product}
 * @param value the tool, {@code tool/chamber} or product; empty for {@code all}
 */
public record Scope(String model, String version, String kind, String value) {

  private static final String SEP = "|";

  /** Every scope a labelled prediction counts in. */
  public static List<Scope> of(LabelledPrediction p) {
    List<Scope> out = new ArrayList<>(4);
    out.add(new Scope(p.getModel(), p.getModelVersion(), "all", ""));
    if (p.getTool() != null) {
      out.add(new Scope(p.getModel(), p.getModelVersion(), "tool", p.getTool()));
      if (p.getChamber() != null) {
        out.add(
            new Scope(
                p.getModel(), p.getModelVersion(), "chamber", p.getTool() + "/" + p.getChamber()));
      }
    }
    if (p.getProduct() != null) {
      out.add(new Scope(p.getModel(), p.getModelVersion(), "product", p.getProduct()));
    }
    return out;
  }

  /** The grouping key. */
  public String key() {
    return String.join(SEP, model, version, kind, value);
  }

  /** The scope of a grouping key. */
  public static Scope ofKey(String key) {
    String[] parts = key.split("\\|", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not a scope key: '" + key + "'");
    }
    return new Scope(parts[0], parts[1], parts[2], parts[3]);
  }

  /** The tool of this scope, or null. */
  public String tool() {
    return switch (kind) {
      case "tool" -> value;
      case "chamber" -> value.substring(0, value.indexOf('/'));
      default -> null;
    };
  }

  /** The chamber of this scope, or null. */
  public String chamber() {
    return kind.equals("chamber") ? value.substring(value.indexOf('/') + 1) : null;
  }

  /** The product of this scope, or null. */
  public String product() {
    return kind.equals("product") ? value : null;
  }
}
