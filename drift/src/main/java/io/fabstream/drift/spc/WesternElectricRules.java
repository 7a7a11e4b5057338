package io.fabstream.drift.spc;

import io.fabstream.drift.stats.StateCodec;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * The Western Electric rules 1 to 4 applied incrementally to a stream of standardised points {@code
 * z_i = (x_i - centre) / sigma}.
 *
 * <p>Fab engineers read anomaly rates and drift scores the way they read any SPC chart: a single
 * wild point, or a run of points that are each unremarkable but together show a shift. These four
 * rules are the shared vocabulary for that, and they catch a slow shift (rules 3 and 4) long before
 * a single point crosses three sigma. The monitor keeps one instance per chart in a state store, so
 * it holds only the last 8 points (the longest pattern) and has a binary codec.
 *
 * <p>A rule fires at the point that completes its pattern, and only if that point is part of the
 * pattern: for rules 2 and 3 the current point must itself be beyond the limit on the side in
 * question. A continuing pattern fires again at each further point that completes it (for example a
 * ninth point on the same side fires rule 4 again). Limits are strict: a point exactly at 2 is not
 * beyond 2, and a point exactly on the centre line (z = 0) is on neither side.
 */
public final class WesternElectricRules {

  /** The four rules, with a short description each. */
  public enum Rule {
    /** Rule 1. */
    ONE_BEYOND_3_SIGMA("one point beyond 3 sigma"),
    /** Rule 2. */
    TWO_OF_THREE_BEYOND_2_SIGMA("two of three consecutive points beyond 2 sigma on the same side"),
    /** Rule 3. */
    FOUR_OF_FIVE_BEYOND_1_SIGMA("four of five consecutive points beyond 1 sigma on the same side"),
    /** Rule 4. */
    EIGHT_ON_ONE_SIDE("eight consecutive points on the same side of the centre line");

    private final String description;

    Rule(String description) {
      this.description = description;
    }

    /**
     * A short description for alert messages.
     *
     * @return the description
     */
    public String description() {
      return description;
    }
  }

  /** The longest pattern (rule 4), and so the number of points kept. */
  public static final int WINDOW = 8;

  private static final int FORMAT_VERSION = 1;

  private final double[] ring = new double[WINDOW];
  private int size; // points held, at most WINDOW
  private int next; // ring index of the next write

  /** Rules with no history. */
  public WesternElectricRules() {}

  /**
   * Adds the next point and returns the rules that fire at it.
   *
   * @param z the standardised point, not NaN (infinities are beyond every limit)
   * @return the rules that fire, empty if none; a new set the caller may keep
   */
  public EnumSet<Rule> add(double z) {
    if (Double.isNaN(z)) {
      throw new IllegalArgumentException("a standardised point must not be NaN");
    }
    ring[next] = z;
    next = (next + 1) % WINDOW;
    size = Math.min(size + 1, WINDOW);

    EnumSet<Rule> fired = EnumSet.noneOf(Rule.class);
    if (Math.abs(z) > 3) {
      fired.add(Rule.ONE_BEYOND_3_SIGMA);
    }
    if (completesCount(z, 3, 2, 2)) {
      fired.add(Rule.TWO_OF_THREE_BEYOND_2_SIGMA);
    }
    if (completesCount(z, 5, 4, 1)) {
      fired.add(Rule.FOUR_OF_FIVE_BEYOND_1_SIGMA);
    }
    if (completesCount(z, 8, 8, 0)) {
      fired.add(Rule.EIGHT_ON_ONE_SIDE);
    }
    return fired;
  }

  /**
   * Whether the current point is beyond {@code limit} on its side and at least {@code needed} of
   * the last {@code span} points (it included) are beyond {@code limit} on that side.
   */
  private boolean completesCount(double z, int span, int needed, double limit) {
    if (size < needed || !(Math.abs(z) > limit)) {
      return false;
    }
    double sign = Math.signum(z);
    int count = 0;
    int available = Math.min(span, size);
    for (int back = 1; back <= available; back++) {
      double x = ring[Math.floorMod(next - back, WINDOW)];
      if (x * sign > limit) {
        count++;
      }
    }
    return count >= needed;
  }

  /**
   * The points held, oldest first (at most {@link #WINDOW}).
   *
   * @return a copy of the recent points
   */
  public double[] recentPoints() {
    double[] points = new double[size];
    for (int i = 0; i < size; i++) {
      points[i] = ring[Math.floorMod(next - size + i, WINDOW)];
    }
    return points;
  }

  /** Forgets the history, for example after the process was adjusted. */
  public void reset() {
    Arrays.fill(ring, 0);
    size = 0;
    next = 0;
  }

  /**
   * The versioned binary form (the recent points) for a state store.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    double[] points = recentPoints();
    return StateCodec.encode(
        FORMAT_VERSION,
        out -> {
          out.writeByte(points.length);
          for (double p : points) {
            out.writeDouble(p);
          }
        });
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @param bytes the bytes
   * @return the rules with the same history
   * @throws IllegalArgumentException if the bytes are invalid
   */
  public static WesternElectricRules fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "WesternElectricRules",
        FORMAT_VERSION,
        (in, version) -> {
          int n = in.readUnsignedByte();
          if (n > WINDOW) {
            throw new IllegalArgumentException("point count " + n + " outside [0, " + WINDOW + "]");
          }
          WesternElectricRules rules = new WesternElectricRules();
          for (int i = 0; i < n; i++) {
            double p = in.readDouble();
            if (Double.isNaN(p)) {
              throw new IllegalArgumentException("point " + i + " is NaN");
            }
            rules.ring[i] = p;
          }
          rules.size = n;
          rules.next = n % WINDOW;
          return rules;
        });
  }

  /** Equal if the recent points are equal (in order). */
  @Override
  public boolean equals(Object o) {
    return o instanceof WesternElectricRules other
        && Arrays.equals(recentPoints(), other.recentPoints());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(recentPoints());
  }

  @Override
  public String toString() {
    return "WesternElectricRules" + Arrays.toString(recentPoints());
  }
}
