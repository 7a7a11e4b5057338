package io.fabstream.features.lot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.schemas.SensorSummary;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;

/** The reference statistics sensor summaries are checked against: computed from raw values. */
final class PooledStats {

  private PooledStats() {}

  /** Count, mean, sample std, min and max of all values of all parts. */
  static SensorSummary pooled(String sensor, double[]... parts) {
    double[] all = Arrays.stream(parts).flatMapToDouble(DoubleStream::of).toArray();
    double mean = DoubleStream.of(all).sum() / all.length;
    double squares = DoubleStream.of(all).map(x -> (x - mean) * (x - mean)).sum();
    return SensorSummary.newBuilder()
        .setSensor(sensor)
        .setCount(all.length)
        .setMean(mean)
        .setStd(all.length < 2 ? 0 : Math.sqrt(squares / (all.length - 1)))
        .setMin(DoubleStream.of(all).min().orElseThrow())
        .setMax(DoubleStream.of(all).max().orElseThrow())
        .build();
  }

  /** Asserts the summaries equal {@code expected}, in order, up to rounding. */
  static void assertSummaries(List<SensorSummary> actual, SensorSummary... expected) {
    assertThat(actual)
        .extracting(SensorSummary::getSensor)
        .containsExactly(
            Arrays.stream(expected).map(SensorSummary::getSensor).toArray(String[]::new));
    for (int i = 0; i < expected.length; i++) {
      SensorSummary a = actual.get(i);
      SensorSummary e = expected[i];
      assertThat(a.getCount()).as(e.getSensor() + " count").isEqualTo(e.getCount());
      assertThat(a.getMean()).as(e.getSensor() + " mean").isCloseTo(e.getMean(), within(1e-9));
      assertThat(a.getStd()).as(e.getSensor() + " std").isCloseTo(e.getStd(), within(1e-9));
      assertThat(a.getMin()).as(e.getSensor() + " min").isEqualTo(e.getMin());
      assertThat(a.getMax()).as(e.getSensor() + " max").isEqualTo(e.getMax());
    }
  }
}
