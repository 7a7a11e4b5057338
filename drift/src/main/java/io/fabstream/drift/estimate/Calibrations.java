package io.fabstream.drift.estimate;

import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.schemas.DriftReferenceSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calibration of every model version that was published with calibration evidence (its
 * held-back verdicts' confidences and whether each was right, in the version's {@link
 * DriftReferenceSample}), fitted once when an app starts.
 *
 * <p>A confidence-based estimate is only as good as its probabilities: a CNN that says 0.99 and is
 * right 93 times in 100 would promise 99% accuracy to the end. Each version is calibrated on its
 * own held-back data, because calibration is a property of the weights, and a version without
 * evidence is estimated from its raw probabilities, which every report says ({@code calibrated} 0).
 */
public final class Calibrations {

  private static final Logger LOG = LoggerFactory.getLogger(Calibrations.class);

  /** Fewest calibration rows a fit is made from; below that an isotonic step is mostly noise. */
  public static final int MIN_ROWS = 100;

  /**
   * Confidences are rounded to this step before fitting (which bounds the knots) and before a fit
   * is applied.
   */
  static final double ROUNDING = 1e-4;

  private final Map<String, ProbabilityCalibration> byVersion;

  private Calibrations(Map<String, ProbabilityCalibration> byVersion) {
    this.byVersion = Map.copyOf(byVersion);
  }

  /** No calibrations: every probability is taken as it is. */
  public static Calibrations none() {
    return new Calibrations(Map.of());
  }

  /** Fits one calibration per version of {@code baselines} that carries enough evidence. */
  public static Calibrations of(ModelBaselines baselines) {
    Map<String, ProbabilityCalibration> out = new LinkedHashMap<>();
    for (ModelBaselines.Baseline b : baselines.all()) {
      List<Map<String, Double>> rows =
          b.reference().map(DriftReferenceSample::calibration).orElse(List.of());
      if (rows.size() < MIN_ROWS) {
        if (!rows.isEmpty()) {
          LOG.warn(
              "{} v{}: {} calibration rows, fewer than {}; its probabilities stay uncalibrated",
              b.model(),
              b.version(),
              rows.size(),
              MIN_ROWS);
        }
        continue;
      }
      ProbabilityCalibration fit = fit(rows);
      out.put(key(b.model(), String.valueOf(b.version())), fit);
      LOG.info(
          "{} v{}: calibrated on {} held-back verdicts ({} steps)",
          b.model(),
          b.version(),
          rows.size(),
          fit.knots());
    }
    return new Calibrations(out);
  }

  /** The isotonic fit of calibration rows ({@link DriftReferenceSample#calibrationRow}). */
  static ProbabilityCalibration fit(List<Map<String, Double>> rows) {
    double[] confidence = new double[rows.size()];
    boolean[] correct = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Double> row = rows.get(i);
      confidence[i] = rounded(row.get(DriftReferenceSample.CONFIDENCE));
      correct[i] = row.get(DriftReferenceSample.CORRECT) == 1.0;
    }
    return ProbabilityCalibration.fit(confidence, correct);
  }

  /** The calibration of {@code model} {@code version}, if it was published with evidence. */
  public Optional<ProbabilityCalibration> of(String model, String version) {
    return Optional.ofNullable(byVersion.get(key(model, version)));
  }

  /** The probability that a verdict given with {@code confidence} is right. */
  public double apply(String model, String version, double confidence) {
    ProbabilityCalibration c = byVersion.get(key(model, version));
    return c == null ? confidence : c.apply(rounded(confidence));
  }

  /** A confidence on the grid the fit was made on, so a stream value meets its own step. */
  private static double rounded(double confidence) {
    return Math.round(confidence / ROUNDING) * ROUNDING;
  }

  private static String key(String model, String version) {
    return model + "|" + version;
  }
}
