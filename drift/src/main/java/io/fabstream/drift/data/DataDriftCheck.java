package io.fabstream.drift.data;

import io.fabstream.drift.stats.ChiSquare;
import io.fabstream.drift.stats.FixedBinHistogram;
import io.fabstream.drift.stats.KolmogorovSmirnov;
import io.fabstream.drift.stats.PopulationStabilityIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a window with its reference under a {@link DataDriftConfig}. Features with no value in
 * the window are left out, and so is their share of the Bonferroni correction; a window with fewer
 * comparable features than the rule's minimum alarms when all of them drift. Continuous features
 * are tested with KS, categorical ones (a class mix) with chi-square; both must pass the same
 * corrected level, and PSI must reach the rule's minimum, for a feature to count as drifted.
 */
public final class DataDriftCheck {

  private final DataDriftConfig config;

  public DataDriftCheck(DataDriftConfig config) {
    this.config = config;
  }

  /** The window's verdict. */
  public DataDriftVerdict evaluate(FeatureWindow window) {
    Map<String, FixedBinHistogram> reference = window.reference().features();
    long comparable = window.histograms().values().stream().filter(h -> h.total() > 0).count();
    double alpha = config.ksAlpha() / Math.max(1, comparable);
    List<FeatureDrift> out = new ArrayList<>();
    int drifted = 0;
    for (Map.Entry<String, FixedBinHistogram> e : window.histograms().entrySet()) {
      FixedBinHistogram cur = e.getValue();
      if (cur.total() == 0) {
        continue;
      }
      FixedBinHistogram ref = reference.get(e.getKey());
      double psi = PopulationStabilityIndex.of(ref, cur, PopulationStabilityIndex.DEFAULT_EPSILON);
      String test;
      double statistic;
      double p;
      if (window.reference().isCategorical(e.getKey())) {
        ChiSquare.Result chi = ChiSquare.homogeneity(ref.counts(), cur.counts());
        test = "chi2";
        statistic = chi.statistic();
        p = chi.pValue();
      } else {
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(ref, cur);
        test = "ks";
        statistic = ks.d();
        p = ks.pValue();
      }
      boolean isDrifted = p < alpha && psi >= config.minPsi();
      if (isDrifted) {
        drifted++;
      }
      out.add(new FeatureDrift(e.getKey(), psi, test, statistic, p, cur.total(), isDrifted));
    }
    // at least the rule's number of drifted features, or all of them where a scope has fewer
    int needed = (int) Math.min(config.minDriftedFeatures(), Math.max(1, comparable));
    return new DataDriftVerdict(window.observations(), out, drifted >= needed);
  }

  /** The rule in use. */
  public DataDriftConfig config() {
    return config;
  }
}
