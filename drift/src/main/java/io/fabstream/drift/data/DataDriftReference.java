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
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a model's inputs looked like when it was trained (or when a tool was last known good): per
 * feature, a histogram on bins set at the reference's own quantiles, so that each inner bin holds
 * about the same share of the reference and PSI is not dominated by empty tails. Values outside the
 * reference range fall in the under- and overflow bins, which is where a shifted sensor shows.
 */
public final class DataDriftReference {

  private static final int FORMAT_VERSION = 1;

  private final SortedMap<String, FixedBinHistogram> features;

  private DataDriftReference(SortedMap<String, FixedBinHistogram> features) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a data drift reference needs at least one feature");
    }
    this.features = Collections.unmodifiableSortedMap(features);
  }

  /**
   * Fits the reference to observations: every feature seen in any observation gets bins from its
   * finite values; observations that lack a feature or hold NaN for it are left out of that feature
   * only.
   *
   * @param observations one map of feature values per observation (wafer, window)
   * @param bins inner bins per feature
   * @return the reference
   */
  public static DataDriftReference fit(List<Map<String, Double>> observations, int bins) {
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
          features.put(name, FixedBinHistogram.of(BinEdges.quantiles(sample, bins), sample));
        });
    return new DataDriftReference(features);
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
        byte[] h = e.getValue().toBytes();
        out.writeInt(h.length);
        out.write(h);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Reads what {@link #toBytes()} wrote, refusing other format versions. */
  public static DataDriftReference fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "data drift reference format " + version + " is not " + FORMAT_VERSION);
      }
      int n = in.readInt();
      SortedMap<String, FixedBinHistogram> features = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        byte[] h = new byte[in.readInt()];
        in.readFully(h);
        features.put(name, FixedBinHistogram.fromBytes(h));
      }
      return new DataDriftReference(features);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated data drift reference", e);
    }
  }
}
