package io.fabstream.drift.data;

/**
 * When a window's inputs count as drifted. A feature drifts when its two-sample KS test rejects
 * "same distribution as the reference" at {@code ksAlpha} divided by the number of features
 * (Bonferroni, so that watching 38 sensors does not multiply the false alarms by 38) <em>and</em>
 * its PSI is at least {@code minPsi} (the shift is large enough to matter, not only detectable). KS
 * takes the sample sizes into account, PSI the effect size; a window alarms when at least {@code
 * minDriftedFeatures} features drift.
 *
 * @param ksAlpha family-wise significance level of the KS tests, in (0, 0.5]
 * @param minPsi smallest PSI that counts as a shift (0.25 is the usual "significant shift")
 * @param minDriftedFeatures drifted features needed for an alarm, at least 1
 * @param bins inner bins per feature, set on reference quantiles, 2 to 100
 */
public record DataDriftConfig(double ksAlpha, double minPsi, int minDriftedFeatures, int bins) {

  /** Family-wise 1%, PSI 0.25, one feature, ten quantile bins. */
  public static DataDriftConfig defaults() {
    return new DataDriftConfig(0.01, 0.25, 1, 10);
  }

  public DataDriftConfig {
    if (!(ksAlpha > 0 && ksAlpha <= 0.5)) {
      throw new IllegalArgumentException("ksAlpha must be in (0, 0.5], got " + ksAlpha);
    }
    if (!(minPsi >= 0) || !Double.isFinite(minPsi)) {
      throw new IllegalArgumentException("minPsi must be finite and >= 0, got " + minPsi);
    }
    if (minDriftedFeatures < 1) {
      throw new IllegalArgumentException(
          "minDriftedFeatures must be at least 1, got " + minDriftedFeatures);
    }
    if (bins < 2 || bins > 100) {
      throw new IllegalArgumentException("bins must be in [2, 100], got " + bins);
    }
  }
}
