package io.fabstream.drift.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.drift.testing.SavedModels;
import io.fabstream.schemas.DriftReferenceSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibrations fitted from the evidence a version was published with. */
class CalibrationsTest {

  /** {@code n} held-back verdicts at {@code confidence}, {@code right} of them correct. */
  private static void verdicts(List<Map<String, Double>> out, double confidence, int n, int right) {
    for (int i = 0; i < n; i++) {
      out.add(DriftReferenceSample.calibrationRow(confidence, i < right));
    }
  }

  private static DriftReferenceSample evidence(List<Map<String, Double>> rows) {
    return new DriftReferenceSample(List.of(), List.of(), Set.of(), rows);
  }

  @Test
  void anOverconfidentVersionIsReadDownAndAnUnderconfidentOneUp(@TempDir Path models) {
    List<Map<String, Double>> rows = new ArrayList<>();
    verdicts(rows, 0.95, 100, 80); // says 0.95, right 80 in 100
    verdicts(rows, 0.60, 100, 70); // says 0.60, right 70 in 100
    SavedModels.withReference(models, "wafer-cnn", 3, evidence(rows));

    Calibrations c = Calibrations.of(ModelBaselines.read(models));

    assertThat(c.of("wafer-cnn", "3")).isPresent();
    assertThat(c.apply("wafer-cnn", "3", 0.95)).isCloseTo(0.80, within(1e-12));
    assertThat(c.apply("wafer-cnn", "3", 0.60)).isCloseTo(0.70, within(1e-12));
    // between the two steps the lower one holds; above the range the top one
    assertThat(c.apply("wafer-cnn", "3", 0.90)).isCloseTo(0.70, within(1e-12));
    assertThat(c.apply("wafer-cnn", "3", 0.999)).isCloseTo(0.80, within(1e-12));
  }

  @Test
  void violatorsArePooledSoMoreConfidenceIsNeverLessLikelyRight(@TempDir Path models) {
    List<Map<String, Double>> rows = new ArrayList<>();
    verdicts(rows, 0.70, 100, 90);
    verdicts(rows, 0.90, 100, 70); // worse than 0.70: the two pool to 160 / 200
    SavedModels.withReference(models, "wafer-cnn", 3, evidence(rows));

    Calibrations c = Calibrations.of(ModelBaselines.read(models));

    assertThat(c.apply("wafer-cnn", "3", 0.70)).isCloseTo(0.80, within(1e-12));
    assertThat(c.apply("wafer-cnn", "3", 0.90)).isCloseTo(0.80, within(1e-12));
  }

  @Test
  void tooLittleEvidenceOrAnUnknownVersionLeavesProbabilitiesAsTheyAre(@TempDir Path models) {
    List<Map<String, Double>> rows = new ArrayList<>();
    verdicts(rows, 0.95, Calibrations.MIN_ROWS - 1, 0);
    SavedModels.withReference(models, "wafer-cnn", 3, evidence(rows));

    Calibrations c = Calibrations.of(ModelBaselines.read(models));

    assertThat(c.of("wafer-cnn", "3")).isEmpty();
    assertThat(c.apply("wafer-cnn", "3", 0.95)).isEqualTo(0.95);
    assertThat(c.apply("trace-lstm", "1", 0.42)).isEqualTo(0.42);
  }

  @Test
  void confidencesAreRoundedBeforeFittingSoTheStepsStayBounded() {
    List<Map<String, Double>> rows = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      rows.add(DriftReferenceSample.calibrationRow(0.5 + i * 1e-5, i % 3 != 0));
    }
    ProbabilityCalibration fit = Calibrations.fit(rows);
    assertThat(fit.knots()).isLessThanOrEqualTo(5_001);
    assertThat(fit.apply(0.75)).isBetween(0.0, 1.0);
  }
}
