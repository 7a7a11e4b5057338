package io.fabstream.drift.data;

import io.fabstream.drift.stats.BinEdges;
import io.fabstream.drift.stats.FixedBinHistogram;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a model's inputs looked like when it was trained (or when a tool was last known good): per
 * feature, a histogram on bins set at the reference's own quantiles, so that each inner bin holds
 * about the same share of the reference and PSI is not dominated by empty tails. Values outside the
 * reference range fall in the under- and overflow bins, which is where a shifted sensor shows.
 *
 * <p>A categorical feature (a predicted class, coded 0, 1, ...) gets one bin per category instead,
 * and is judged with a chi-square test rather than KS, whose ordering of the values would mean
 * nothing for classes.
 */
public final class DataDriftReference {

  private static final int FORMAT_VERSION = 2;

  private final SortedMap<String, FixedBinHistogram> features;
  private final Set<String> categorical;

  private DataDriftReference(
      SortedMap<String, FixedBinHistogram> features, Set<String> categorical) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a data drift reference needs at least one feature");
    }
    this.features = Collections.unmodifiableSortedMap(features);
    this.categorical = Set.copyOf(categorical);
  }

  /** {@link #fit(List, int, Set)} with every feature continuous. */
  public static DataDriftReference fit(List<Map<String, Double>> observations, int bins) {
    return fit(observations, bins, Set.of());
  }

  /**
   * Fits the reference to observations: every feature seen in any observation gets bins from its
   * finite values; observations that lack a feature or hold NaN for it are left out of that feature
   * only.
   *
   * @param observations one map of feature values per observation (wafer, window)
   * @param bins inner bins per continuous feature
   * @param categorical features whose values are category codes 0, 1, ... (one bin per code seen,
   *     at least two; a code the reference never saw lands in the overflow bin)
   * @return the reference
   */
  public static DataDriftReference fit(
      List<Map<String, Double>> observations, int bins, Set<String> categorical) {
    if (observations.isEmpty()) {
      throw new IllegalArgumentException("a data drift reference needs at least one observation");
    }
    Map<String, double[]> values = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Map<String, Double> o : observations) {
      for (Map.Entry<String, Double> e : o.entrySet()) {
        if (e.getValue() != null && Double.isFinite(e.getValue())) {
          double[] v = values.computeIfAbsent(e.getKey(), k -> new double[observations.size()]);
          int i = counts.merge(e.getKey(), 1, Integer::sum) - 1;
          v[i] = e.getValue();
        }
      }
    }
    SortedMap<String, FixedBinHistogram> features = new TreeMap<>();
    values.forEach(
        (name, v) -> {
          double[] sample = java.util.Arrays.copyOf(v, counts.get(name));
          features.put(
              name, FixedBinHistogram.of(edgesOf(name, sample, bins, categorical), sample));
        });
    Set<String> kept = new TreeSet<>(categorical);
    kept.retainAll(features.keySet());
    return new DataDriftReference(features, kept);
  }

  private static BinEdges edgesOf(String name, double[] sample, int bins, Set<String> categorical) {
    if (!categorical.contains(name)) {
      return BinEdges.quantiles(sample, bins);
    }
    double max = 0;
    for (double v : sample) {
      if (v < 0 || v != Math.rint(v)) {
        throw new IllegalArgumentException(
            "categorical feature " + name + " holds " + v + ", not a category code 0, 1, ...");
      }
      max = Math.max(max, v);
    }
    int k = Math.max(2, (int) max + 1);
    return BinEdges.uniform(-0.5, k - 0.5, k);
  }

  /** Whether {@code feature} is categorical (judged by chi-square, not KS). */
  public boolean isCategorical(String feature) {
    return categorical.contains(feature);
  }

  /** The features, by name, with their reference histograms (read-only). */
  public SortedMap<String, FixedBinHistogram> features() {
    return features;
  }

  /** An empty window on this reference's bins. */
  public FeatureWindow newWindow() {
    return new FeatureWindow(this);
  }

  /** The reference as bytes, for a model's registry entry or a state store. */
  public byte[] toBytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(FORMAT_VERSION);
      out.writeInt(features.size());
      for (Map.Entry<String, FixedBinHistogram> e : features.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeBoolean(categorical.contains(e.getKey()));
        byte[] h = e.getValue().toBytes();
        out.writeInt(h.length);
        out.write(h);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Reads what {@link #toBytes()} wrote (or format 1, all continuous), refusing others. */
  public static DataDriftReference fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      int version = in.readInt();
      if (version != FORMAT_VERSION && version != 1) {
        throw new IllegalArgumentException(
            "data drift reference format " + version + " is not 1 or " + FORMAT_VERSION);
      }
      int n = in.readInt();
      SortedMap<String, FixedBinHistogram> features = new TreeMap<>();
      Set<String> categorical = new TreeSet<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        if (version >= 2 && in.readBoolean()) {
          categorical.add(name);
        }
        byte[] h = new byte[in.readInt()];
        in.readFully(h);
        features.put(name, FixedBinHistogram.fromBytes(h));
      }
      return new DataDriftReference(features, categorical);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated data drift reference", e);
    }
  }
}
