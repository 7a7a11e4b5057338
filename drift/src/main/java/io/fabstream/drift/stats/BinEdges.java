package io.fabstream.drift.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Strictly increasing finite edges {@code e0 < e1 < ... < ek} that cut the real line into {@code k}
 * inner bins {@code [e(i-1), e(i))}, an underflow bin {@code (-inf, e0)} and an overflow bin {@code
 * [ek, +inf)}.
 *
 * <p>Data drift of a sensor feature or a model score is measured by comparing a live window with
 * the reference (training) distribution on the same bins. The bins must be fixed in advance so that
 * a window's histogram is a small, mergeable count vector that a state store can hold, and the two
 * open outer bins catch values the reference never saw (a sensor drifting out of its trained range
 * is exactly what the monitor has to notice). Bin indices are {@code 0} (underflow), {@code 1..k}
 * (inner) and {@code k + 1} (overflow), so there are {@code k + 2} bins in all.
 *
 * <p>NaN has no bin: {@link #bin(double)} rejects it. {@link FixedBinHistogram} counts NaN values
 * separately instead, because a rising rate of missing readings is itself worth reporting but must
 * not distort the shape of the distribution. Infinities are ordinary values here: {@code -inf} goes
 * to the underflow bin and {@code +inf} to the overflow bin.
 *
 * <p>Edges {@code -0.0} are stored as {@code 0.0}, so equal-looking edges compare equal.
 *
 * @param edges the edges, copied; at least one, at most {@link #MAX_EDGES}
 */
public record BinEdges(double[] edges) {

  /** Upper bound on the number of edges, which bounds the size of every histogram's state. */
  public static final int MAX_EDGES = 10_001;

  /**
   * Validates and copies the edges.
   *
   * @throws IllegalArgumentException if the edges are null, empty, too many, not finite or not
   *     strictly increasing
   */
  public BinEdges {
    if (edges == null) {
      throw new IllegalArgumentException("edges must not be null");
    }
    if (edges.length == 0) {
      throw new IllegalArgumentException("at least one edge is required");
    }
    if (edges.length > MAX_EDGES) {
      throw new IllegalArgumentException(
          "at most " + MAX_EDGES + " edges are allowed, got " + edges.length);
    }
    edges = edges.clone();
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i])) {
        throw new IllegalArgumentException("edge " + i + " is not finite: " + edges[i]);
      }
      edges[i] += 0.0; // -0.0 becomes 0.0
      if (i > 0 && !(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException(
            "edges must be strictly increasing, but edge "
                + i
                + " = "
                + edges[i]
                + " is not above edge "
                + (i - 1)
                + " = "
                + edges[i - 1]);
      }
    }
  }

  /**
   * Edges {@code lo, lo + w, ..., hi} with {@code w = (hi - lo) / k}.
   *
   * @param lo the lowest edge, finite
   * @param hi the highest edge, finite and above {@code lo}
   * @param k the number of inner bins, 1 to {@code MAX_EDGES - 1}
   * @return the edges
   */
  public static BinEdges uniform(double lo, double hi, int k) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("lo and hi must be finite, got lo=" + lo + ", hi=" + hi);
    }
    if (!(lo < hi)) {
      throw new IllegalArgumentException("lo must be below hi, got lo=" + lo + ", hi=" + hi);
    }
    if (k < 1 || k > MAX_EDGES - 1) {
      throw new IllegalArgumentException(
          "k (inner bins) must be in [1, " + (MAX_EDGES - 1) + "], got " + k);
    }
    double[] e = new double[k + 1];
    for (int i = 0; i < k; i++) {
      e[i] = lo + (hi - lo) * i / k;
    }
    e[k] = hi;
    return new BinEdges(e);
  }

  /**
   * Edges at the quantiles of a reference sample, so that each inner bin holds about the same share
   * of the reference.
   *
   * <p>Edge {@code i} (for {@code i = 0..k-1}) is the reference quantile at level {@code i / k},
   * interpolated linearly between order statistics (R's type 7, NumPy's default): with the sample
   * sorted as {@code x[0..n-1]} and {@code h = (n - 1) i / k}, the quantile is {@code x[floor h] +
   * (h - floor h) (x[floor h + 1] - x[floor h])}. So {@code e0} is the reference minimum. The last
   * edge is the smallest double above the reference maximum, so that the whole reference lies in
   * the inner bins and the underflow and overflow bins hold only values outside the reference
   * range. Equal quantiles (ties in the reference) are kept once, so ties never create empty
   * zero-width bins; the result can therefore have fewer than {@code k} inner bins (a constant
   * reference gives one).
   *
   * @param referenceSample the reference values, finite, at least one; not modified
   * @param k the number of inner bins wanted, 1 to {@code MAX_EDGES - 1}
   * @return the edges
   */
  public static BinEdges quantiles(double[] referenceSample, int k) {
    if (referenceSample == null || referenceSample.length == 0) {
      throw new IllegalArgumentException("reference sample must not be null or empty");
    }
    if (k < 1 || k > MAX_EDGES - 1) {
      throw new IllegalArgumentException(
          "k (inner bins) must be in [1, " + (MAX_EDGES - 1) + "], got " + k);
    }
    for (int i = 0; i < referenceSample.length; i++) {
      if (!Double.isFinite(referenceSample[i])) {
        throw new IllegalArgumentException(
            "reference sample value " + i + " is not finite: " + referenceSample[i]);
      }
    }
    double[] x = referenceSample.clone();
    Arrays.sort(x);
    int n = x.length;
    double max = x[n - 1];
    double top = Math.nextUp(max);
    if (!Double.isFinite(top)) {
      throw new IllegalArgumentException(
          "reference maximum " + max + " leaves no finite edge above it");
    }
    double[] e = new double[k + 1];
    int count = 0;
    for (int i = 0; i < k; i++) {
      double h = (double) (n - 1) * i / k;
      int lo = (int) Math.floor(h);
      double frac = h - lo;
      double q = lo + 1 < n ? x[lo] + frac * (x[lo + 1] - x[lo]) : x[lo];
      q += 0.0;
      if (count == 0 || q > e[count - 1]) {
        e[count++] = q;
      }
    }
    e[count++] = top;
    return new BinEdges(Arrays.copyOf(e, count));
  }

  /**
   * The edges.
   *
   * @return a copy of the edges
   */
  @Override
  public double[] edges() {
    return edges.clone();
  }

  /**
   * One edge.
   *
   * @param i the edge index, 0 to {@link #innerBins()}
   * @return edge {@code i}
   */
  public double edge(int i) {
    return edges[i];
  }

  /**
   * The number of inner bins {@code k}, one less than the number of edges.
   *
   * @return {@code k}
   */
  public int innerBins() {
    return edges.length - 1;
  }

  /**
   * The number of bins including underflow and overflow, {@code k + 2}.
   *
   * @return {@code k + 2}
   */
  public int binCount() {
    return edges.length + 1;
  }

  /**
   * The bin of a value: 0 if {@code x < e0}, {@code i} if {@code e(i-1) <= x < e(i)}, {@code k + 1}
   * if {@code x >= ek}.
   *
   * @param x the value, not NaN
   * @return the bin index in {@code [0, k + 1]}
   * @throws IllegalArgumentException if {@code x} is NaN
   */
  public int bin(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException(
          "NaN has no bin; filter it or count it separately (FixedBinHistogram.add counts NaN"
              + " apart)");
    }
    // Smallest index i with x < edges[i]; edges.length if none. That index is the bin.
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x < edges[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(edges.length);
    for (double e : edges) {
      out.writeDouble(e);
    }
  }

  static BinEdges read(DataInputStream in) throws IOException {
    int length = StateCodec.readBoundedInt(in, "edge count", 1, MAX_EDGES);
    double[] e = new double[length];
    for (int i = 0; i < length; i++) {
      e[i] = in.readDouble();
    }
    return new BinEdges(e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinEdges other && Arrays.equals(edges, other.edges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges);
  }

  @Override
  public String toString() {
    return "BinEdges" + Arrays.toString(edges);
  }
}
