package io.fabstream.inference.trace;

import io.fabstream.inference.registry.ModelManifest.SensorStat;
import java.util.List;

/**
 * Turns a chamber's sensor series into the sequence model's {@code T x S} input: resampled to T
 * rows by linear interpolation between neighbouring samples (the same rule as the feature job's
 * step-aligned windows, for evenly spaced samples), then each sensor standardised with the
 * statistics the model shipped with.
 */
public final class SensorWindowTensor {

  private final int length;
  private final List<SensorStat> sensors;

  public SensorWindowTensor(int length, List<SensorStat> sensors) {
    if (length < 2) {
      throw new IllegalArgumentException("window length must be at least 2, got " + length);
    }
    if (sensors.isEmpty()) {
      throw new IllegalArgumentException("a sensor window needs at least one sensor");
    }
    this.length = length;
    this.sensors = List.copyOf(sensors);
  }

  public int length() {
    return length;
  }

  public List<SensorStat> sensors() {
    return sensors;
  }

  /**
   * Resamples and normalises one run.
   *
   * @param series {@code [S][n]} raw values in engineering units, sensors in model order
   * @return {@code T * S} floats, time first
   */
  public float[] fromSeries(double[][] series) {
    int s = sensors.size();
    if (series.length != s) {
      throw new IllegalArgumentException("expected " + s + " sensors, got " + series.length);
    }
    int n = series[0].length;
    if (n < 1) {
      throw new IllegalArgumentException("a run needs at least one sample");
    }
    float[] out = new float[length * s];
    for (int k = 0; k < length; k++) {
      double at = n == 1 ? 0 : (double) (n - 1) * k / (length - 1);
      int lo = Math.min((int) Math.floor(at), n - 1);
      int hi = Math.min(lo + 1, n - 1);
      double w = at - lo;
      for (int c = 0; c < s; c++) {
        double v = series[c][lo] + (series[c][hi] - series[c][lo]) * w;
        out[k * s + c] = normalise(c, v);
      }
    }
    return out;
  }

  /**
   * Normalises a window already cut to {@code rows x S} (row-major, time first), as the feature job
   * emits it.
   */
  public void normaliseWindow(float[] values, int rows, float[] out) {
    int s = sensors.size();
    if (values.length != rows * s || out.length < rows * s) {
      throw new IllegalArgumentException(
          "window of " + values.length + " values is not " + rows + " x " + s);
    }
    for (int i = 0; i < rows * s; i++) {
      out[i] = normalise(i % s, values[i]);
    }
  }

  private float normalise(int sensor, double value) {
    SensorStat stat = sensors.get(sensor);
    return (float) ((value - stat.mean()) / stat.std());
  }
}
