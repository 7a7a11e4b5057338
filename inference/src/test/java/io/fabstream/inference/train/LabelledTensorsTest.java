package io.fabstream.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins how a labelled set is validated and split: stratified hold-out and k-fold splits that keep
 * rare classes on both sides, never share a wafer and are reproducible from the seed.
 */
class LabelledTensorsTest {

  private static final List<String> CLASSES = List.of("none", "scratch", "edge-ring", "donut");

  /** 20 none, 5 scratch, 2 edge-ring, 1 donut; item i holds {i, -i} and has id "w{i}". */
  private static LabelledTensors wafers() {
    int[] perClass = {20, 5, 2, 1};
    List<float[]> inputs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int i = 0;
    // Interleave classes so a split cannot pass by taking a prefix.
    for (int round = 0; round < 20; round++) {
      for (int c = 0; c < perClass.length; c++) {
        if (round < perClass[c]) {
          inputs.add(new float[] {i, -i});
          ids.add("w" + i);
          labels.add(c);
          i++;
        }
      }
    }
    return new LabelledTensors(
        new long[] {2},
        inputs,
        labels.stream().mapToInt(Integer::intValue).toArray(),
        ids,
        CLASSES);
  }

  @Test
  void aStratifiedSplitKeepsEveryClassWithTwoOrMoreWafersOnBothSides() {
    LabelledTensors all = wafers();

    LabelledTensors[] split = all.stratifiedSplit(0.2, 7);

    int[] train = split[0].classCounts();
    int[] held = split[1].classCounts();
    assertThat(held).containsExactly(4, 1, 1, 0);
    assertThat(train).containsExactly(16, 4, 1, 1);
  }

  @Test
  void aStratifiedSplitNeitherLosesNorSharesAWafer() {
    LabelledTensors all = wafers();

    LabelledTensors[] split = all.stratifiedSplit(0.3, 42);

    assertThat(split[0].size() + split[1].size()).isEqualTo(all.size());
    Set<String> trainIds = new HashSet<>(split[0].ids());
    assertThat(split[1].ids()).doesNotContainAnyElementsOf(trainIds);
    Set<String> union = new HashSet<>(trainIds);
    union.addAll(split[1].ids());
    assertThat(union).containsExactlyInAnyOrderElementsOf(all.ids());
    assertItemsKeepTheirLabelAndInput(all, split[0]);
    assertItemsKeepTheirLabelAndInput(all, split[1]);
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedUsuallyNot() {
    LabelledTensors all = wafers();

    LabelledTensors[] a = all.stratifiedSplit(0.25, 3);
    LabelledTensors[] b = all.stratifiedSplit(0.25, 3);
    LabelledTensors[] c = all.stratifiedSplit(0.25, 4);

    assertThat(a[0].ids()).isEqualTo(b[0].ids());
    assertThat(a[1].ids()).isEqualTo(b[1].ids());
    assertThat(c[1].ids()).isNotEqualTo(a[1].ids());
  }

  @Test
  void evenALargeHeldOutShareLeavesEveryClassWithTwoOrMoreWafersInTraining() {
    LabelledTensors all = wafers();

    LabelledTensors[] split = all.stratifiedSplit(0.9, 1);

    int[] train = split[0].classCounts();
    int[] held = split[1].classCounts();
    for (int c = 0; c < 3; c++) {
      assertThat(train[c]).as("%s in training", CLASSES.get(c)).isPositive();
      assertThat(held[c]).as("%s held out", CLASSES.get(c)).isPositive();
    }
    assertThat(held[1]).isEqualTo(4); // round(5 * 0.9) = 5, capped to leave one
    assertThat(train[1] + held[1]).isEqualTo(5);
  }

  @Test
  void heldOutSharesOutsideZeroToOneAreRejected() {
    LabelledTensors all = wafers();

    for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> all.stratifiedSplit(bad, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(0, 1)");
    }
  }

  @Test
  void kFoldsHoldEveryWaferOutExactlyOnce() {
    LabelledTensors all = wafers();
    int k = 4;
    List<String> heldOut = new ArrayList<>();

    for (int f = 0; f < k; f++) {
      LabelledTensors[] parts = all.fold(k, f, 9);
      assertThat(parts[0].size() + parts[1].size()).isEqualTo(all.size());
      assertThat(parts[1].ids()).doesNotContainAnyElementsOf(parts[0].ids());
      assertItemsKeepTheirLabelAndInput(all, parts[0]);
      assertItemsKeepTheirLabelAndInput(all, parts[1]);
      // Stratified: the 20 none wafers are dealt evenly over the four folds.
      assertThat(parts[1].classCounts()[0]).isEqualTo(5);
      heldOut.addAll(parts[1].ids());
    }

    assertThat(heldOut).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all.ids());
  }

  @Test
  void foldsAreReproducibleFromTheSeed() {
    LabelledTensors all = wafers();

    assertThat(all.fold(3, 1, 5)[1].ids()).isEqualTo(all.fold(3, 1, 5)[1].ids());
  }

  @Test
  void invalidFoldsAreRejected() {
    LabelledTensors all = wafers();

    assertThatThrownBy(() -> all.fold(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> all.fold(3, 3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fold 3 of 3");
    assertThatThrownBy(() -> all.fold(3, -1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inputsLabelsAndIdsOfDifferentLengthsAreRejected() {
    assertThatThrownBy(
            () ->
                new LabelledTensors(
                    new long[] {2},
                    List.of(new float[2], new float[2]),
                    new int[] {0},
                    List.of("a", "b"),
                    CLASSES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ in length: 2, 1, 2");
    assertThatThrownBy(
            () ->
                new LabelledTensors(
                    new long[] {2}, List.of(new float[2]), new int[] {0}, List.of(), CLASSES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anItemOfTheWrongSizeForTheShapeIsRejected() {
    assertThatThrownBy(
            () ->
                new LabelledTensors(
                    new long[] {3, 2, 2},
                    List.of(new float[12], new float[11]),
                    new int[] {0, 1},
                    List.of("a", "b"),
                    CLASSES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item has 11 floats")
        .hasMessageContaining("[3, 2, 2] needs 12");
  }

  @Test
  void labelsOutsideTheClassListAreRejected() {
    for (int bad : new int[] {-1, 4}) {
      assertThatThrownBy(
              () ->
                  new LabelledTensors(
                      new long[] {1},
                      List.of(new float[1]),
                      new int[] {bad},
                      List.of("a"),
                      CLASSES))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("label " + bad + " outside 0..3");
    }
  }

  @Test
  void selectAndConcatKeepItemsWithTheirLabelsAndIds() {
    LabelledTensors all = wafers();

    LabelledTensors picked = all.select(new int[] {5, 0, 5});
    LabelledTensors joined = picked.concat(all.select(new int[] {1}));

    assertThat(joined.ids()).containsExactly("w5", "w0", "w5", "w1");
    assertThat(joined.labels()).containsExactly(all.labels()[5], 0, all.labels()[5], 1);
    assertThat(joined.inputs().get(0)).containsExactly(5f, -5f);
    assertThat(joined.itemSize()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                all.concat(
                    new LabelledTensors(
                        new long[] {2}, List.of(), new int[0], List.of(), List.of("none"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertItemsKeepTheirLabelAndInput(LabelledTensors all, LabelledTensors part) {
    for (int j = 0; j < part.size(); j++) {
      int original = Integer.parseInt(part.ids().get(j).substring(1));
      assertThat(part.labels()[j]).isEqualTo(all.labels()[original]);
      assertThat(part.inputs().get(j)[0]).isEqualTo((float) original);
    }
  }
}
