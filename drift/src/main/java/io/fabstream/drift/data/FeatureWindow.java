package io.fabstream.drift.data;

import io.fabstream.drift.stats.FixedBinHistogram;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The current window's inputs, counted on the reference's bins: fixed memory per feature however
 * many observations arrive. Features the reference does not know are ignored (a new sensor has no
 * baseline to drift from); a missing or NaN value counts as missing for that feature only.
 */
public final class FeatureWindow {

  private final DataDriftReference reference;
  private final Map<String, FixedBinHistogram> current = new LinkedHashMap<>();
  private long observations;

  FeatureWindow(DataDriftReference reference) {
    this.reference = reference;
    reference.features().forEach((name, h) -> current.put(name, new FixedBinHistogram(h.edges())));
  }

  /** A window restored from a state store: its histograms in the reference's feature order. */
  static FeatureWindow restored(
      DataDriftReference reference, java.util.List<FixedBinHistogram> histograms, long n) {
    FeatureWindow w = new FeatureWindow(reference);
    int i = 0;
    for (String name : reference.features().keySet()) {
      w.current.put(name, histograms.get(i++));
    }
    w.observations = n;
    return w;
  }

  /** Counts one observation. */
  public FeatureWindow add(Map<String, Double> values) {
    observations++;
    current.forEach(
        (name, h) -> {
          Double v = values.get(name);
          h.add(v == null ? Double.NaN : v);
        });
    return this;
  }

  /** Observations counted. */
  public long observations() {
    return observations;
  }

  /** The reference this window is counted against. */
  public DataDriftReference reference() {
    return reference;
  }

  /** The current histograms, by feature (live views; do not modify). */
  public Map<String, FixedBinHistogram> histograms() {
    return current;
  }
}
