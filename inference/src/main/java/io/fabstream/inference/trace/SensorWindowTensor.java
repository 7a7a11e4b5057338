package io.fabstream.inference.trace;

import io.fabstream.inference.registry.ModelManifest.SensorStat;
import io.fabstream.inference.registry.ModelManifest.StepProfile;
import java.util.List;

/**
 * Turns a chamber's sensor series into the sequence model's {@code T x S} input: resampled to T
 * rows by linear interpolation between neighbouring samples (the same rule as the feature job's
 * step-aligned windows, for evenly spaced samples), then standardised with what the model shipped
 * with: one mean and deviation per sensor, or, for a recipe step with a profile, the good runs'
 * mean and deviation at each row.
 */
public final class SensorWindowTensor {

  private final int length;
  private final List<SensorStat> sensors;
  private final StepProfile profile;
  private final double clip;

  public SensorWindowTensor(int length, List<SensorStat> sensors) {
    this(length, sensors, null, Double.POSITIVE_INFINITY);
  }

  /**
   * @param profile row-by-row statistics of one recipe step (its length must be {@code length}), or
   *     null to standardise with {@code sensors}' statistics
   * @param clip standardised values are clipped to {@code [-clip, clip]} (infinite: no clipping)
   */
  public SensorWindowTensor(
      int length, List<SensorStat> sensors, StepProfile profile, double clip) {
    if (length < 2) {
      throw new IllegalArgumentException("window length must be at least 2, got " + length);
    }
    if (sensors.isEmpty()) {
      throw new IllegalArgumentException("a sensor window needs at least one sensor");
    }
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clip must be > 0, got " + clip);
    }
    if (profile != null
        && (profile.length() != length || profile.mean().length != length * sensors.size())) {
      throw new IllegalArgumentException(
          "a step profile of "
              + profile.length()
              + " rows x "
              + profile.mean().length / profile.length()
              + " sensors does not fit windows of "
              + length
              + " x "
              + sensors.size());
    }
    this.length = length;
    this.sensors = List.copyOf(sensors);
    this.profile = profile;
    this.clip = clip;
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
    if (series.length != sensors.size()) {
      throw new IllegalArgumentException(
          "expected " + sensors.size() + " sensors, got " + series.length);
    }
    double[] rows = interpolate(series, length);
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = normalise(i, rows[i]);
    }
    return out;
  }

  /**
   * Resamples one run to {@code rows} rows without normalising: what the feature job's step-aligned
   * window holds.
   *
   * @param series {@code [S][n]} raw values
   * @return {@code rows * S} floats, time first, in engineering units
   */
  public static float[] resample(double[][] series, int rows) {
    double[] exact = interpolate(series, rows);
    float[] out = new float[exact.length];
    for (int i = 0; i < exact.length; i++) {
      out[i] = (float) exact[i];
    }
    return out;
  }

  /** Linear interpolation of {@code [S][n]} to {@code rows x S}, row-major. */
  private static double[] interpolate(double[][] series, int rows) {
    int s = series.length;
    int n = series[0].length;
    if (n < 1) {
      throw new IllegalArgumentException("a run needs at least one sample");
    }
    double[] out = new double[rows * s];
    for (int k = 0; k < rows; k++) {
      double at = n == 1 ? 0 : (double) (n - 1) * k / (rows - 1);
      int lo = Math.min((int) Math.floor(at), n - 1);
      int hi = Math.min(lo + 1, n - 1);
      double w = at - lo;
      for (int c = 0; c < s; c++) {
        out[k * s + c] = series[c][lo] + (series[c][hi] - series[c][lo]) * w;
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
    if (profile != null && rows != length) {
      throw new IllegalArgumentException(
          "a window of " + rows + " rows does not fit a step profile of " + length);
    }
    for (int i = 0; i < rows * s; i++) {
      out[i] = normalise(i, values[i]);
    }
  }

  /** Standardises the value at flat position {@code i} (row-major). */
  private float normalise(int i, double value) {
    double z;
    if (profile != null) {
      z = (value - profile.mean()[i]) / profile.std()[i];
    } else {
      SensorStat stat = sensors.get(i % sensors.size());
      z = (value - stat.mean()) / stat.std();
    }
    return (float) (z > clip ? clip : z < -clip ? -clip : z);
  }
}
