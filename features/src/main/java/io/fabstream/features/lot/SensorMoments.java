package io.fabstream.features.lot;

import io.fabstream.schemas.SensorSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Running count, mean, sum of squared deviations (M2), minimum and maximum per sensor, over every
 * step-aligned window of a lot or of one of its steps. Windows are merged with the parallel
 * algorithm of Chan, Golub and LeVeque, so the summary equals the statistics of all pooled samples
 * without keeping the samples. Sensors are kept sorted by name, as the output lists them. A Flink
 * POJO of parallel arrays: it lives in keyed state.
 */
public class SensorMoments {
  public String[] names = new String[0];
  public long[] count = new long[0];
  public double[] mean = new double[0];
  public double[] m2 = new double[0];
  public double[] min = new double[0];
  public double[] max = new double[0];

  public SensorMoments() {}

  /** Merges every sensor of a window input into these moments. */
  public void add(LotInput window) {
    for (int s = 0; s < window.sensorNames.length; s++) {
      add(
          window.sensorNames[s],
          window.sensorCount[s],
          window.sensorMean[s],
          window.sensorM2[s],
          window.sensorMin[s],
          window.sensorMax[s]);
    }
  }

  /** Merges the moments of {@code n} samples of {@code sensor}. */
  public void add(String sensor, long n, double mean, double m2, double min, double max) {
    if (n <= 0) {
      return;
    }
    int i = Arrays.binarySearch(names, sensor);
    if (i < 0) {
      insert(-i - 1, sensor);
      i = -i - 1;
    }
    long na = count[i];
    long total = na + n;
    double delta = mean - this.mean[i];
    this.mean[i] += delta * n / total;
    this.m2[i] += m2 + delta * delta * ((double) na * n / total);
    this.count[i] = total;
    this.min[i] = Math.min(this.min[i], min);
    this.max[i] = Math.max(this.max[i], max);
  }

  /** Whether no sensor has been seen. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** One summary per sensor, sorted by sensor name; std is the sample standard deviation. */
  public List<SensorSummary> toSummaries() {
    List<SensorSummary> out = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      out.add(
          SensorSummary.newBuilder()
              .setSensor(names[i])
              .setCount(count[i])
              .setMean(mean[i])
              .setStd(count[i] < 2 ? 0.0 : Math.sqrt(m2[i] / (count[i] - 1)))
              .setMin(min[i])
              .setMax(max[i])
              .build());
    }
    return out;
  }

  private void insert(int at, String sensor) {
    names = insert(names, at, sensor);
    count = insert(count, at);
    mean = insert(mean, at, 0.0);
    m2 = insert(m2, at, 0.0);
    min = insert(min, at, Double.POSITIVE_INFINITY);
    max = insert(max, at, Double.NEGATIVE_INFINITY);
  }

  private static String[] insert(String[] a, int at, String v) {
    String[] b = new String[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = v;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }

  private static long[] insert(long[] a, int at) {
    long[] b = new long[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }

  private static double[] insert(double[] a, int at, double v) {
    double[] b = new double[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = v;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }
}
