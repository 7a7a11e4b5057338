package io.fabstream.drift.data;

import java.util.Comparator;
import java.util.List;

/**
 * A window's data drift: every feature's statistics and whether the window alarms.
 *
 * @param observations observations in the window
 * @param features each feature's statistics, most significant first (smallest p-value, then largest
 *     PSI)
 * @param alarm whether enough features drifted
 */
public record DataDriftVerdict(long observations, List<FeatureDrift> features, boolean alarm) {

  public DataDriftVerdict {
    features =
        features.stream()
            .sorted(
                Comparator.comparingDouble(FeatureDrift::pValue)
                    .thenComparing(Comparator.comparingDouble(FeatureDrift::psi).reversed())
                    .thenComparing(FeatureDrift::feature))
            .toList();
  }

  /** The drifted features. */
  public List<FeatureDrift> drifted() {
    return features.stream().filter(FeatureDrift::drifted).toList();
  }

  /** The largest PSI of any feature (0 when none was comparable). */
  public double maxPsi() {
    return features.stream().mapToDouble(FeatureDrift::psi).max().orElse(0);
  }
}
