package io.fabstream.drift.spc;

import io.fabstream.drift.spc.WesternElectricRules.Rule;
import io.fabstream.drift.stats.StateCodec;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A p-chart for the anomaly rate per time bucket (the share of wafers or sensor windows the models
 * flag), with a different sample size in each bucket, feeding the {@link WesternElectricRules}.
 *
 * <p>The flag rate moves with both the process and the model: a chamber drifting, a new recipe or a
 * model that has gone stale all show up as a rate that leaves its usual band. Buckets hold very
 * different numbers of wafers (night shifts, tool downtime), so each bucket is standardised with
 * its own sample size, {@code z = (p - p0) / sqrt(p0 (1 - p0) / n)}, which makes a rate of 0.3 on
 * 10 wafers and 0.3 on 1000 wafers count as the evidence they are. Buckets with fewer than {@code
 * minSampleSize} items are skipped, returned as not evaluated and not fed to the rules, because the
 * normal approximation behind the limits does not hold there.
 *
 * <p>A centre of exactly 0 or 1 has no spread: the limits collapse onto the centre. Then a bucket
 * at the centre has {@code z = 0}, and any other bucket has {@code z = +-infinity}, which fires
 * rule 1 (with p0 = 0, a single anomaly is out of control). That is the literal reading of a centre
 * that claims anomalies never (or always) happen; estimate p0 with a floor (for example {@code
 * (anomalies + 0.5) / (n + 1)} on the reference period) if that is too strict.
 *
 * <p>Instances are mutable and not thread-safe; memory is constant (the rules keep 8 points).
 */
public final class ProportionChart {

  private static final int FORMAT_VERSION = 1;

  /**
   * One bucket's place on the chart.
   *
   * @param anomalies the anomalies in the bucket
   * @param n the bucket's sample size
   * @param p {@code anomalies / n}, NaN if {@code n = 0}
   * @param z the standardised rate, NaN when not evaluated
   * @param lowerLimit the lower control limit {@code max(0, p0 - 3 sigma)}
   * @param upperLimit the upper control limit {@code min(1, p0 + 3 sigma)}
   * @param evaluated whether the bucket was large enough to be evaluated and fed to the rules
   * @param fired the rules that fired at this bucket (empty when not evaluated); unmodifiable
   * @param reason why the bucket was not evaluated, empty when it was
   */
  public record Point(
      long anomalies,
      long n,
      double p,
      double z,
      double lowerLimit,
      double upperLimit,
      boolean evaluated,
      Set<Rule> fired,
      String reason) {

    /** Validates and copies the fields. */
    public Point {
      if (fired == null || reason == null) {
        throw new IllegalArgumentException("fired and reason must not be null");
      }
      if (!evaluated && !fired.isEmpty()) {
        throw new IllegalArgumentException("a bucket that was not evaluated fires no rule");
      }
      fired =
          Collections.unmodifiableSet(
              fired.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(fired));
    }
  }

  private final double centre;
  private final long minSampleSize;
  private final WesternElectricRules rules;

  /**
   * A chart with no history.
   *
   * @param centre the centre line p0, the expected anomaly rate, in [0, 1]
   * @param minSampleSize the smallest bucket that is evaluated, {@code >= 1}
   */
  public ProportionChart(double centre, long minSampleSize) {
    this(centre, minSampleSize, new WesternElectricRules());
  }

  private ProportionChart(double centre, long minSampleSize, WesternElectricRules rules) {
    if (!(centre >= 0 && centre <= 1)) {
      throw new IllegalArgumentException("centre p0 must be in [0, 1], got " + centre);
    }
    if (minSampleSize < 1) {
      throw new IllegalArgumentException("minSampleSize must be >= 1, got " + minSampleSize);
    }
    this.centre = centre;
    this.minSampleSize = minSampleSize;
    this.rules = rules;
  }

  /**
   * Places the next bucket on the chart.
   *
   * @param anomalies the anomalies in the bucket, {@code 0 <= anomalies <= n}
   * @param n the bucket's sample size, {@code >= 0}
   * @return the bucket's point
   */
  public Point add(long anomalies, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    if (anomalies < 0 || anomalies > n) {
      throw new IllegalArgumentException("anomalies must be in [0, n=" + n + "], got " + anomalies);
    }
    double p = n == 0 ? Double.NaN : (double) anomalies / n;
    double lower = n == 0 ? 0.0 : Math.max(0.0, centre - 3 * sigma(n));
    double upper = n == 0 ? 1.0 : Math.min(1.0, centre + 3 * sigma(n));
    if (n < minSampleSize) {
      return new Point(
          anomalies,
          n,
          p,
          Double.NaN,
          lower,
          upper,
          false,
          EnumSet.noneOf(Rule.class),
          "n=" + n + " below minimum " + minSampleSize);
    }
    double z = standardise(p, n);
    return new Point(anomalies, n, p, z, lower, upper, true, rules.add(z), "");
  }

  /**
   * The standard error of a bucket's rate at the centre, {@code sqrt(p0 (1 - p0) / n)}.
   *
   * @param n the sample size, {@code >= 1}
   * @return sigma; 0 when p0 is 0 or 1
   */
  public double sigma(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    return Math.sqrt(centre * (1 - centre) / n);
  }

  private double standardise(double p, long n) {
    double sigma = sigma(n);
    if (sigma == 0) {
      return p == centre ? 0.0 : (p > centre ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
    }
    return (p - centre) / sigma;
  }

  /**
   * The centre line p0.
   *
   * @return p0
   */
  public double centre() {
    return centre;
  }

  /**
   * The smallest bucket that is evaluated.
   *
   * @return the minimum sample size
   */
  public long minSampleSize() {
    return minSampleSize;
  }

  /**
   * The standardised points of the recent evaluated buckets, oldest first.
   *
   * @return at most {@link WesternElectricRules#WINDOW} points
   */
  public double[] recentPoints() {
    return rules.recentPoints();
  }

  /**
   * The versioned binary form (centre, minimum sample size and the rules' history).
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    byte[] history = rules.toBytes();
    return StateCodec.encode(
        FORMAT_VERSION,
        out -> {
          out.writeDouble(centre);
          out.writeLong(minSampleSize);
          out.writeInt(history.length);
          out.write(history);
        });
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @param bytes the bytes
   * @return the chart
   * @throws IllegalArgumentException if the bytes are invalid
   */
  public static ProportionChart fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "ProportionChart",
        FORMAT_VERSION,
        (in, version) -> {
          double centre = in.readDouble();
          long minSampleSize = in.readLong();
          int length = StateCodec.readBoundedInt(in, "rules length", 1, 2 + 8 * 8);
          byte[] history = new byte[length];
          in.readFully(history);
          return new ProportionChart(
              centre, minSampleSize, WesternElectricRules.fromBytes(history));
        });
  }

  /** Equal if the centre, minimum sample size and rule history are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ProportionChart other
        && Double.compare(centre, other.centre) == 0
        && minSampleSize == other.minSampleSize
        && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Double.hashCode(centre) + Long.hashCode(minSampleSize)) + rules.hashCode();
  }

  @Override
  public String toString() {
    return "ProportionChart{p0="
        + centre
        + ", minSampleSize="
        + minSampleSize
        + ", recent="
        + rules
        + "}";
  }
}
