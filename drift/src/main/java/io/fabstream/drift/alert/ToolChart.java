package io.fabstream.drift.alert;

import io.fabstream.drift.spc.ProportionChart;
import io.fabstream.drift.stats.StateCodec;
import java.io.IOException;

/**
 * One tool's anomaly-rate chart: while fewer than the baseline's buckets are in, their counts
 * estimate the centre line (Phase I); then a {@link ProportionChart} with that centre judges every
 * bucket (Phase II). The centre is the tool's own normal rate, since a trace model's false alarm
 * rate differs from tool to tool.
 *
 * @param baselineBuckets buckets counted into the centre line so far
 * @param anomalies anomalous windows in those buckets
 * @param windows windows in those buckets
 * @param chart the chart, or null during Phase I
 */
record ToolChart(int baselineBuckets, long anomalies, long windows, ProportionChart chart) {

  private static final int FORMAT = 1;

  static ToolChart start() {
    return new ToolChart(0, 0, 0, null);
  }

  /**
   * Lowest centre line: on a rate near zero the binomial is so skewed that a 3-sigma limit is one
   * or two extra anomalies away, and a chart there alarms on noise.
   */
  static final double MIN_CENTRE = 0.02;

  /** The centre line from the baseline: anomalies over windows, floored at {@link #MIN_CENTRE}. */
  double centre() {
    return Math.min(1, Math.max(MIN_CENTRE, anomalies / (double) Math.max(1, windows)));
  }

  byte[] toBytes() {
    return StateCodec.encode(
        FORMAT,
        out -> {
          out.writeInt(baselineBuckets);
          out.writeLong(anomalies);
          out.writeLong(windows);
          out.writeBoolean(chart != null);
          if (chart != null) {
            byte[] c = chart.toBytes();
            out.writeInt(c.length);
            out.write(c);
          }
        });
  }

  static ToolChart fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "ToolChart",
        FORMAT,
        (in, version) -> {
          int buckets = in.readInt();
          long a = in.readLong();
          long n = in.readLong();
          ProportionChart chart = null;
          if (in.readBoolean()) {
            int len = StateCodec.readBoundedInt(in, "chart bytes", 1, 1 << 16);
            byte[] c = in.readNBytes(len);
            if (c.length != len) {
              throw new IOException("chart truncated");
            }
            chart = ProportionChart.fromBytes(c);
          }
          return new ToolChart(buckets, a, n, chart);
        });
  }
}
