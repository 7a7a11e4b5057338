package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  private static final List<String> CLASSES = List.of("none", "scratch", "donut");

  /** Rows actual, columns predicted: none [5 1 0], scratch [2 2 0], donut [0 0 0]. */
  private static ConfusionMatrix example() {
    ConfusionMatrix m = new ConfusionMatrix(CLASSES);
    for (int i = 0; i < 5; i++) {
      m.add("none", "none");
    }
    m.add("none", "scratch");
    m.add(1, 1).add(1, 1).add(1, 0).add(1, 0);
    return m;
  }

  @Test
  void countsAndAccuracy() {
    ConfusionMatrix m = example();
    assertThat(m.counts()).isDeepEqualTo(new long[][] {{5, 1, 0}, {2, 2, 0}, {0, 0, 0}});
    assertThat(m.total()).isEqualTo(10);
    assertThat(m.correct()).isEqualTo(7); // 5 + 2 + 0
    assertThat(m.accuracy()).isCloseTo(0.7, within(1e-15));
    assertThat(m.support(0)).isEqualTo(6);
    assertThat(m.predicted(0)).isEqualTo(7);
  }

  @Test
  void perClassPrecisionRecallF1() {
    ConfusionMatrix m = example();
    // none: precision 5 / 7, recall 5 / 6, F1 2 * 5 / (6 + 7) = 10 / 13
    assertThat(m.precision(0)).isCloseTo(5 / 7.0, within(1e-15));
    assertThat(m.recall(0)).isCloseTo(5 / 6.0, within(1e-15));
    assertThat(m.f1(0)).isCloseTo(10 / 13.0, within(1e-15));
    // F1 is also the harmonic mean: 2 * (5/7)(5/6) / (5/7 + 5/6) = (50/42) / (65/42) = 10 / 13
    // scratch: precision 2 / 3, recall 2 / 4, F1 4 / (4 + 3) = 4 / 7
    assertThat(m.precision(1)).isCloseTo(2 / 3.0, within(1e-15));
    assertThat(m.recall(1)).isCloseTo(0.5, within(1e-15));
    assertThat(m.f1(1)).isCloseTo(4 / 7.0, within(1e-15));
    // donut: never present, never predicted: all undefined
    assertThat(m.precision(2)).isNaN();
    assertThat(m.recall(2)).isNaN();
    assertThat(m.f1(2)).isNaN();
  }

  @Test
  void macroF1LeavesOutClassesWithNeitherSupportNorPredictions() {
    // (10/13 + 4/7) / 2 = (70 + 52) / 182 = 61 / 91 = 0.6703297; donut is not averaged in as 0
    assertThat(example().macroF1()).isCloseTo(61 / 91.0, within(1e-15));
  }

  @Test
  void classPresentButNeverPredictedCountsAsZeroInMacroF1() {
    ConfusionMatrix m = example().add("donut", "none");
    // donut: support 1, predicted 0 -> precision undefined, recall 0, F1 0 / 1 = 0
    assertThat(m.precision(2)).isNaN();
    assertThat(m.recall(2)).isZero();
    assertThat(m.f1(2)).isZero();
    // none now: TP 5, support 6, predicted 8 -> F1 10 / 14 = 5 / 7; scratch unchanged 4 / 7
    // macro-F1 (5/7 + 4/7 + 0) / 3 = 9 / 21 = 3 / 7
    assertThat(m.macroF1()).isCloseTo(3 / 7.0, within(1e-15));
  }

  @Test
  void classPredictedButNeverPresentHasF1Zero() {
    ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b")).add("a", "b").add("a", "a");
    // b: support 0, predicted 1, TP 0 -> precision 0, recall undefined, F1 0 / 1 = 0
    assertThat(m.precision(1)).isZero();
    assertThat(m.recall(1)).isNaN();
    assertThat(m.f1(1)).isZero();
    // a: TP 1, support 2, predicted 1 -> F1 2 / 3; macro (2/3 + 0) / 2 = 1/3
    assertThat(m.macroF1()).isCloseTo(1 / 3.0, within(1e-15));
  }

  @Test
  void emptyMatrixHasUndefinedRatios() {
    ConfusionMatrix m = new ConfusionMatrix(CLASSES);
    assertThat(m.total()).isZero();
    assertThat(m.accuracy()).isNaN();
    assertThat(m.macroF1()).isNaN();
  }

  @Test
  void mergeOfTwoHalvesEqualsTheWhole() {
    ConfusionMatrix first = new ConfusionMatrix(CLASSES);
    ConfusionMatrix second = new ConfusionMatrix(CLASSES);
    for (int i = 0; i < 5; i++) {
      (i % 2 == 0 ? first : second).add("none", "none");
    }
    first.add("none", "scratch").add(1, 1);
    second.add(1, 1).add(1, 0).add(1, 0);
    assertThat(first.merge(second)).isEqualTo(example());
    assertThat(first.total()).isEqualTo(10);
  }

  @Test
  void mergeRequiresTheSameClasses() {
    ConfusionMatrix a = new ConfusionMatrix(List.of("a", "b"));
    ConfusionMatrix b = new ConfusionMatrix(List.of("b", "a"));
    assertThatThrownBy(() -> a.merge(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confusion matrices have different classes: [a, b] and [b, a]");
  }

  @Test
  void codecRoundTripsEqual() {
    ConfusionMatrix m = example();
    byte[] bytes = m.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1);
    ConfusionMatrix back = ConfusionMatrix.fromBytes(bytes);
    assertThat(back).isEqualTo(m);
    assertThat(back.total()).isEqualTo(10);
    assertThat(back.classNames()).isEqualTo(CLASSES);
    assertThatThrownBy(() -> ConfusionMatrix.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
        .hasMessage("cannot decode ConfusionMatrix: 1 unexpected trailing bytes");
  }

  @Test
  void unknownAndInvalidInputIsRejectedClearly() {
    ConfusionMatrix m = new ConfusionMatrix(CLASSES);
    assertThatThrownBy(() -> m.add("none", "ring"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown class 'ring'; known classes are [none, scratch, donut]");
    assertThatThrownBy(() -> m.add(3, 0)).hasMessage("actual index must be in [0, 2], got 3");
    assertThatThrownBy(() -> m.add(0, -1)).hasMessage("predicted index must be in [0, 2], got -1");
    assertThatThrownBy(() -> new ConfusionMatrix(List.of("a")))
        .hasMessage("need 2 to 256 class names, got 1");
    assertThatThrownBy(() -> new ConfusionMatrix(List.of("a", "b", "a")))
        .hasMessage("class name 'a' appears twice, at 0 and 2");
    assertThatThrownBy(() -> new ConfusionMatrix(List.of("a", " ")))
        .hasMessage("class name 1 is null or blank");
  }
}
