package io.fabstream.inference.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Pins the ROC area as the Mann-Whitney share of (fault, normal) pairs ranked right, ties half. */
class AnomalyRankingTest {

  @Test
  void faultsScoredAboveEveryNormalRunRankPerfectly() {
    double auc = AnomalyRanking.auc(new double[] {0.1, 0.2, 0.9, 0.8}, new int[] {0, 0, 1, 1});

    assertThat(auc).isEqualTo(1.0);
  }

  @Test
  void faultsScoredBelowEveryNormalRunRankAtZero() {
    double auc = AnomalyRanking.auc(new double[] {0.9, 0.8, 0.1, 0.2}, new int[] {0, 0, 1, 1});

    assertThat(auc).isEqualTo(0.0);
  }

  @Test
  void aConstantScoreRanksNoBetterThanChance() {
    double auc = AnomalyRanking.auc(new double[] {3, 3, 3, 3, 3}, new int[] {1, 0, 1, 0, 0});

    assertThat(auc).isEqualTo(0.5);
  }

  @Test
  void aMixedRankingCountsWinsOverAllFaultNormalPairs() {
    // Fault 0.35 beats normal 0.1 but not 0.4; fault 0.8 beats both: 3 of 4 pairs.
    double auc = AnomalyRanking.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});

    assertThat(auc).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void aTieBetweenAFaultAndANormalRunCountsHalf() {
    // Fault 0.5 ties normal 0.5 (1/2) and beats 0.2 (1); fault 0.9 beats both (2): 3.5 of 4.
    double auc = AnomalyRanking.auc(new double[] {0.5, 0.9, 0.5, 0.2}, new int[] {1, 1, 0, 0});

    assertThat(auc).isCloseTo(0.875, within(1e-12));
  }

  @Test
  void anyLabelOtherThanOneCountsAsNormal() {
    double auc = AnomalyRanking.auc(new double[] {0.1, 0.2, 0.9}, new int[] {0, 2, 1});

    assertThat(auc).isEqualTo(1.0);
  }

  @Test
  void withoutFaultsOrWithoutNormalRunsThereIsNoRanking() {
    assertThat(AnomalyRanking.auc(new double[] {0.1, 0.2}, new int[] {0, 0})).isNaN();
    assertThat(AnomalyRanking.auc(new double[] {0.1, 0.2}, new int[] {1, 1})).isNaN();
    assertThat(AnomalyRanking.auc(new double[0], new int[0])).isNaN();
  }
}
