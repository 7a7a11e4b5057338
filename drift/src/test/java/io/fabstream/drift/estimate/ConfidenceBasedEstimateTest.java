package io.fabstream.drift.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceBasedEstimateTest {

  /** p = 0.5, 0.75, 0.25, 1.0: all exact in binary, so sums are exact in any order. */
  private static ConfidenceBasedEstimate example() {
    return new ConfidenceBasedEstimate().add(0.5).add(0.75).add(0.25).add(1.0);
  }

  @Test
  void expectedAccuracyAndStandardError() {
    ConfidenceBasedEstimate e = example();
    // mean (0.5 + 0.75 + 0.25 + 1) / 4 = 2.5 / 4 = 0.625
    assertThat(e.count()).isEqualTo(4);
    assertThat(e.expectedAccuracy()).isEqualTo(0.625);
    // sum p (1 - p) = 0.25 + 0.1875 + 0.1875 + 0 = 0.625; sqrt(0.625) / 4 = 0.7905694 / 4
    assertThat(e.standardError()).isCloseTo(0.1976424, within(1e-7));
  }

  @Test
  void compareGivesTheGapInStandardErrors() {
    // realised 1 / 4 = 0.25; (0.25 - 0.625) / 0.1976424 = -0.375 / 0.1976424 = -1.8973666
    ConfidenceBasedEstimate.Comparison c = example().compare(1, 4);
    assertThat(c.realisedAccuracy()).isEqualTo(0.25);
    assertThat(c.expectedAccuracy()).isEqualTo(0.625);
    assertThat(c.realisedN()).isEqualTo(4);
    assertThat(c.differenceInStandardErrors()).isCloseTo(-1.8973666, within(1e-7));
    // realised 3 / 4 = 0.75: +0.125 / 0.1976424 = 0.6324555
    assertThat(example().compare(3, 4).differenceInStandardErrors())
        .isCloseTo(0.6324555, within(1e-7));
  }

  @Test
  void zeroStandardError() {
    ConfidenceBasedEstimate sure = new ConfidenceBasedEstimate().add(1).add(1).add(1);
    assertThat(sure.standardError()).isZero();
    assertThat(sure.compare(3, 3).differenceInStandardErrors()).isZero();
    assertThat(sure.compare(2, 3).differenceInStandardErrors()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void emptyEstimate() {
    ConfidenceBasedEstimate e = new ConfidenceBasedEstimate();
    assertThat(e.count()).isZero();
    assertThat(e.expectedAccuracy()).isNaN();
    assertThat(e.standardError()).isNaN();
    assertThatThrownBy(() -> e.compare(1, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot compare an empty estimate");
  }

  @Test
  void mergeOfTwoHalvesEqualsTheWhole() {
    ConfidenceBasedEstimate first = new ConfidenceBasedEstimate().add(0.5).add(0.75);
    ConfidenceBasedEstimate second = new ConfidenceBasedEstimate().add(0.25).add(1.0);
    assertThat(first.merge(second)).isEqualTo(example());
  }

  @Test
  void calibratesRawConfidences() {
    ProbabilityCalibration steps =
        ProbabilityCalibration.ofKnots(new double[] {0.0, 0.9}, new double[] {0.5, 0.75});
    // 0.95 -> 0.75, 0.6 -> 0.5: mean 0.625
    ConfidenceBasedEstimate e = new ConfidenceBasedEstimate().add(0.95, steps).add(0.6, steps);
    assertThat(e.expectedAccuracy()).isEqualTo(0.625);
    assertThat(
            new ConfidenceBasedEstimate()
                .add(0.8, ProbabilityCalibration.identity())
                .expectedAccuracy())
        .isEqualTo(0.8);
  }

  @Test
  void codecRoundTripsEqual() {
    ConfidenceBasedEstimate e = example();
    byte[] bytes = e.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes).hasSize(25); // version + long + two doubles
    assertThat(ConfidenceBasedEstimate.fromBytes(bytes)).isEqualTo(e);
    ConfidenceBasedEstimate empty = new ConfidenceBasedEstimate();
    assertThat(ConfidenceBasedEstimate.fromBytes(empty.toBytes())).isEqualTo(empty);
    byte[] inconsistent = new ConfidenceBasedEstimate().add(1).toBytes();
    inconsistent[1 + 7] = 0; // n 1 -> 0 while the sum of p is still 1
    assertThatThrownBy(() -> ConfidenceBasedEstimate.fromBytes(inconsistent))
        .hasMessage(
            "cannot decode ConfidenceBasedEstimate: sum of probabilities 1.0 outside [0, n=0]");
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> new ConfidenceBasedEstimate().add(1.1))
        .hasMessage("calibrated probability must be in [0, 1], got 1.1");
    assertThatThrownBy(() -> new ConfidenceBasedEstimate().add(Double.NaN))
        .hasMessage("calibrated probability must be in [0, 1], got NaN");
    assertThatThrownBy(() -> example().compare(5, 4))
        .hasMessage("realisedCorrect must be in [0, realisedN=4], got 5");
    assertThatThrownBy(() -> example().compare(0, 0)).hasMessage("realisedN must be >= 1, got 0");
    assertThatThrownBy(() -> new ConfidenceBasedEstimate().add(0.5, null))
        .hasMessage("calibration must not be null");
  }
}
