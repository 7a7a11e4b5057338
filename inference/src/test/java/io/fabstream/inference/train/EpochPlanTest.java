package io.fabstream.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pins how an epoch is drawn (each class capped and floored, rare classes repeated) and the loss
 * weights left for it (inverse square root of a class's count, mean one over the epoch's items).
 */
class EpochPlanTest {

  /** 10 none, 3 scratch, 1 donut, 0 near-full, interleaved. */
  private static final int[] LABELS = {0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0};

  private static final int CLASSES = 4;

  @Test
  void eachClassIsCappedAndFlooredAndRareWafersAreRepeated() {
    int[] epoch = EpochPlan.draw(LABELS, CLASSES, 4, 6, new Random(1));

    assertThat(perClass(epoch)).containsExactly(6, 4, 4, 0);
    Map<Integer, Integer> draws = timesDrawn(epoch);
    for (Map.Entry<Integer, Integer> d : draws.entrySet()) {
      int label = LABELS[d.getKey()];
      if (label == 0) {
        assertThat(d.getValue()).as("a subsampled none wafer is drawn once").isEqualTo(1);
      }
    }
    // All three scratch wafers appear, one of them twice; the single donut appears four times.
    assertThat(draws.keySet().stream().filter(i -> LABELS[i] == 1)).hasSize(3);
    assertThat(draws.get(3)).isEqualTo(4);
  }

  @Test
  void withoutCapAndFloorAnEpochIsAShuffleOfAllWafers() {
    int[] epoch = EpochPlan.draw(LABELS, CLASSES, 0, 0, new Random(2));

    int[] sorted = epoch.clone();
    Arrays.sort(sorted);
    int[] all = new int[LABELS.length];
    Arrays.setAll(all, i -> i);
    assertThat(sorted).containsExactly(all);
    assertThat(epoch).isNotEqualTo(all);
  }

  @Test
  void aCapAloneSubsamplesOnlyTheClassesAboveIt() {
    int[] epoch = EpochPlan.draw(LABELS, CLASSES, 0, 2, new Random(3));

    assertThat(perClass(epoch)).containsExactly(2, 2, 1, 0);
  }

  @Test
  void aFloorAloneRepeatsOnlyTheClassesBelowIt() {
    int[] epoch = EpochPlan.draw(LABELS, CLASSES, 5, 0, new Random(4));

    assertThat(perClass(epoch)).containsExactly(10, 5, 5, 0);
  }

  @Test
  void theSameRandomSeedDrawsTheSameEpoch() {
    assertThat(EpochPlan.draw(LABELS, CLASSES, 4, 6, new Random(9)))
        .containsExactly(EpochPlan.draw(LABELS, CLASSES, 4, 6, new Random(9)));
  }

  @Test
  void lossWeightsFallWithTheSquareRootOfAClassesCountAndAverageOneOverTheEpoch() {
    int[] epoch = EpochPlan.draw(LABELS, CLASSES, 4, 16, new Random(5));
    int[] counts = perClass(epoch);
    assertThat(counts).containsExactly(10, 4, 4, 0);

    float[] w = EpochPlan.weights(epoch, LABELS, CLASSES);

    assertThat(w[1] / w[0]).isCloseTo((float) Math.sqrt(10.0 / 4), within(1e-5f));
    assertThat(w[2]).isCloseTo(w[1], within(1e-6f));
    assertThat(w[3]).as("a class absent from the epoch").isZero();
    double mean = 0;
    for (int i : epoch) {
      mean += w[LABELS[i]];
    }
    mean /= epoch.length;
    assertThat(mean).isCloseTo(1.0, within(1e-5));
    // By hand: w_c = s / sqrt(n_c) with s = 18 / (10/sqrt(10) + 4/2 + 4/2).
    double s = 18 / (Math.sqrt(10) + 4);
    assertThat((double) w[0]).isCloseTo(s / Math.sqrt(10), within(1e-5));
    assertThat((double) w[1]).isCloseTo(s / 2, within(1e-5));
  }

  @Test
  void aBalancedEpochWeighsEveryClassOne() {
    int[] epoch = EpochPlan.draw(LABELS, CLASSES, 3, 3, new Random(6));

    float[] w = EpochPlan.weights(epoch, LABELS, CLASSES);

    assertThat(w).containsExactly(new float[] {1, 1, 1, 0}, within(1e-6f));
  }

  private static int[] perClass(int[] epoch) {
    int[] counts = new int[CLASSES];
    for (int i : epoch) {
      counts[LABELS[i]]++;
    }
    return counts;
  }

  private static Map<Integer, Integer> timesDrawn(int[] epoch) {
    Map<Integer, Integer> draws = new HashMap<>();
    for (int i : epoch) {
      draws.merge(i, 1, Integer::sum);
    }
    return draws;
  }
}
