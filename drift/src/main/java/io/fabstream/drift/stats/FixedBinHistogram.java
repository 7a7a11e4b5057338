package io.fabstream.drift.stats;

import java.util.Arrays;

/**
 * Counts of values over fixed {@link BinEdges}: the compact, mergeable summary of one feature or
 * score in one window that a drift monitor keeps in a state store and compares with the reference
 * (by {@link PopulationStabilityIndex} and {@link KolmogorovSmirnov}).
 *
 * <p>Memory is fixed by the edges ({@code k + 2} longs), whatever the number of values. Windows on
 * different partitions or hopping sub-windows combine with {@link #merge}. NaN values are counted
 * in {@link #nanCount()} and left out of {@link #total()}, of the bins and of every share, so that
 * missing readings are visible without distorting the distribution.
 *
 * <p>Instances are mutable and not thread-safe (one per state-store key).
 */
public final class FixedBinHistogram {

  private static final int FORMAT_VERSION = 1;

  private final BinEdges edges;
  private final long[] counts;
  private long total;
  private long nanCount;

  /**
   * An empty histogram.
   *
   * @param edges the bin edges
   */
  public FixedBinHistogram(BinEdges edges) {
    if (edges == null) {
      throw new IllegalArgumentException("edges must not be null");
    }
    this.edges = edges;
    this.counts = new long[edges.binCount()];
  }

  /**
   * A histogram of the given values.
   *
   * @param edges the bin edges
   * @param values the values to add
   * @return the histogram
   */
  public static FixedBinHistogram of(BinEdges edges, double... values) {
    FixedBinHistogram h = new FixedBinHistogram(edges);
    for (double v : values) {
      h.add(v);
    }
    return h;
  }

  /**
   * Counts one value in its bin, or in {@link #nanCount()} if it is NaN.
   *
   * @param x the value
   * @return this histogram
   */
  public FixedBinHistogram add(double x) {
    if (Double.isNaN(x)) {
      nanCount = Math.addExact(nanCount, 1);
    } else {
      counts[edges.bin(x)]++;
      total = Math.addExact(total, 1);
    }
    return this;
  }

  /**
   * Adds the counts of another histogram on the same edges into this one.
   *
   * @param other the other histogram, unchanged
   * @return this histogram
   * @throws IllegalArgumentException if the edges differ
   */
  public FixedBinHistogram merge(FixedBinHistogram other) {
    requireSameEdges(this, other);
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Math.addExact(counts[i], other.counts[i]);
    }
    total = Math.addExact(total, other.total);
    nanCount = Math.addExact(nanCount, other.nanCount);
    return this;
  }

  /**
   * A copy that can be changed independently.
   *
   * @return the copy
   */
  public FixedBinHistogram copy() {
    return new FixedBinHistogram(this.edges).merge(this);
  }

  /**
   * The edges.
   *
   * @return the edges
   */
  public BinEdges edges() {
    return edges;
  }

  /**
   * The number of non-NaN values counted.
   *
   * @return the total over all bins
   */
  public long total() {
    return total;
  }

  /**
   * The number of NaN values seen, which are in no bin.
   *
   * @return the NaN count
   */
  public long nanCount() {
    return nanCount;
  }

  /**
   * One bin's count.
   *
   * @param bin the bin index, 0 (underflow) to {@code k + 1} (overflow)
   * @return the count
   */
  public long count(int bin) {
    if (bin < 0 || bin >= counts.length) {
      throw new IllegalArgumentException(
          "bin must be in [0, " + (counts.length - 1) + "], got " + bin);
    }
    return counts[bin];
  }

  /**
   * All bin counts, underflow first and overflow last.
   *
   * @return a copy of the {@code k + 2} counts
   */
  public long[] counts() {
    return counts.clone();
  }

  /**
   * The share of each bin, smoothed so that no share is zero: {@code (c_i / N + epsilon) / (1 + B
   * epsilon)} with {@code N} the total and {@code B = k + 2} bins. The shares sum to one. Smoothing
   * keeps the PSI of a window with an empty bin finite; {@code epsilon = 0} gives the raw shares.
   *
   * @param epsilon the smoothing added to each share, finite and {@code >= 0}
   * @return the {@code k + 2} shares
   * @throws IllegalStateException if the histogram is empty (a share of nothing is undefined)
   */
  public double[] fractions(double epsilon) {
    return smoothedShares(counts, epsilon, "histogram");
  }

  /**
   * The empirical distribution function at each edge, taken as the share of values strictly below
   * it: element {@code j} is {@code (c_0 + ... + c_j) / N} for {@code j = 0..k}, the share below
   * edge {@code e_j}.
   *
   * @return the {@code k + 1} values, non-decreasing in [0, 1]
   * @throws IllegalStateException if the histogram is empty
   */
  public double[] cdfAtEdges() {
    if (total == 0) {
      throw new IllegalStateException(
          "cannot compute the distribution function of an empty histogram");
    }
    double[] cdf = new double[edges.innerBins() + 1];
    long below = 0;
    for (int j = 0; j < cdf.length; j++) {
      below += counts[j];
      cdf[j] = (double) below / total;
    }
    return cdf;
  }

  /**
   * The versioned binary form (edges, bin counts and NaN count) for a state store.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    return StateCodec.encode(
        FORMAT_VERSION,
        out -> {
          edges.write(out);
          for (long c : counts) {
            out.writeLong(c);
          }
          out.writeLong(nanCount);
        });
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @param bytes the bytes
   * @return the histogram
   * @throws IllegalArgumentException if the bytes are not a valid histogram
   */
  public static FixedBinHistogram fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "FixedBinHistogram",
        FORMAT_VERSION,
        (in, version) -> {
          FixedBinHistogram h = new FixedBinHistogram(BinEdges.read(in));
          for (int i = 0; i < h.counts.length; i++) {
            long c = in.readLong();
            if (c < 0) {
              throw new IllegalArgumentException("negative count " + c + " in bin " + i);
            }
            h.counts[i] = c;
            h.total = Math.addExact(h.total, c);
          }
          h.nanCount = in.readLong();
          if (h.nanCount < 0) {
            throw new IllegalArgumentException("negative NaN count " + h.nanCount);
          }
          return h;
        });
  }

  static void requireSameEdges(FixedBinHistogram a, FixedBinHistogram b) {
    if (a == null || b == null) {
      throw new IllegalArgumentException("histograms must not be null");
    }
    if (!a.edges.equals(b.edges)) {
      throw new IllegalArgumentException(
          "histograms have different edges: " + a.edges + " and " + b.edges);
    }
  }

  /** Shares {@code (c_i / N + eps) / (1 + B eps)}; shared with the categorical PSI. */
  static double[] smoothedShares(long[] counts, double epsilon, String what) {
    if (!Double.isFinite(epsilon) || epsilon < 0) {
      throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
    }
    long n = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException(what + " count " + i + " is negative: " + counts[i]);
      }
      n = Math.addExact(n, counts[i]);
    }
    if (n == 0) {
      throw new IllegalStateException("cannot compute shares of an empty " + what + " (total 0)");
    }
    double norm = 1.0 + counts.length * epsilon;
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = ((double) counts[i] / n + epsilon) / norm;
    }
    return shares;
  }

  /** Equal if the edges, every bin count and the NaN count are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof FixedBinHistogram other
        && edges.equals(other.edges)
        && nanCount == other.nanCount
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * edges.hashCode() + Arrays.hashCode(counts)) + Long.hashCode(nanCount);
  }

  @Override
  public String toString() {
    return "FixedBinHistogram{edges="
        + edges
        + ", counts="
        + Arrays.toString(counts)
        + ", nan="
        + nanCount
        + "}";
  }
}
