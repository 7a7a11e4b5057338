package io.fabstream.inference.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the confusion matrix figures (accuracy, per-class precision, recall and F1, macro-F1 over
 * present classes, lowest recall) and their table, markdown and summary renderings.
 */
class ClassificationMetricsTest {

  private static final List<String> CLASSES = List.of("none", "scratch", "edge-ring");

  /**
   * Rows actual, columns predicted.
   *
   * <pre>
   *             none scratch edge-ring
   * none           5       1         0
   * scratch        2       3         0
   * edge-ring      1       1         0
   * </pre>
   */
  private static ClassificationMetrics inspectionOfThirteenWafers() {
    int[][] confusion = {{5, 1, 0}, {2, 3, 0}, {1, 1, 0}};
    ClassificationMetrics m = new ClassificationMetrics(CLASSES);
    for (int a = 0; a < 3; a++) {
      for (int p = 0; p < 3; p++) {
        for (int n = 0; n < confusion[a][p]; n++) {
          m.add(a, p);
        }
      }
    }
    return m;
  }

  @Test
  void accuracyIsTheShareOfWafersOnTheDiagonal() {
    ClassificationMetrics m = inspectionOfThirteenWafers();

    assertThat(m.count()).isEqualTo(13);
    assertThat(m.accuracy()).isCloseTo(8.0 / 13, within(1e-12));
    assertThat(m.confusion()).isDeepEqualTo(new long[][] {{5, 1, 0}, {2, 3, 0}, {1, 1, 0}});
  }

  @Test
  void precisionRecallAndF1PerClassMatchTheHandCountedMatrix() {
    ClassificationMetrics m = inspectionOfThirteenWafers();

    assertThat(m.support(0)).isEqualTo(6);
    assertThat(m.support(1)).isEqualTo(5);
    assertThat(m.support(2)).isEqualTo(2);
    assertThat(m.precision(0)).isCloseTo(5.0 / 8, within(1e-12));
    assertThat(m.recall(0)).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(m.f1(0)).isCloseTo(5.0 / 7, within(1e-12));
    assertThat(m.precision(1)).isCloseTo(3.0 / 5, within(1e-12));
    assertThat(m.recall(1)).isCloseTo(3.0 / 5, within(1e-12));
    assertThat(m.f1(1)).isCloseTo(3.0 / 5, within(1e-12));
  }

  @Test
  void aClassNeverPredictedHasZeroPrecisionRecallAndF1() {
    ClassificationMetrics m = inspectionOfThirteenWafers();

    assertThat(m.precision(2)).isZero();
    assertThat(m.recall(2)).isZero();
    assertThat(m.f1(2)).isZero();
    assertThat(m.minRecall()).isZero();
  }

  @Test
  void macroF1AveragesEveryPresentClassIncludingOnesTheModelMisses() {
    ClassificationMetrics m = inspectionOfThirteenWafers();

    assertThat(m.macroF1()).isCloseTo((5.0 / 7 + 3.0 / 5 + 0) / 3, within(1e-12));
  }

  @Test
  void aClassAbsentFromTheDataCountsNeitherInMacroF1NorInMinRecall() {
    // Actual: none, none, scratch, scratch; predicted: none, donut, scratch, scratch.
    ClassificationMetrics m =
        ClassificationMetrics.of(
            List.of("none", "scratch", "donut"), new int[] {0, 0, 1, 1}, new int[] {0, 2, 1, 1});

    assertThat(m.count()).isEqualTo(4);
    assertThat(m.accuracy()).isCloseTo(0.75, within(1e-12));
    assertThat(m.support(2)).isZero();
    assertThat(m.precision(2)).isZero();
    assertThat(m.f1(0)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.f1(1)).isCloseTo(1.0, within(1e-12));
    assertThat(m.macroF1()).isCloseTo((2.0 / 3 + 1.0) / 2, within(1e-12));
    assertThat(m.minRecall()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void noPredictionsYetGiveZeroAccuracyAndMacroF1() {
    ClassificationMetrics m = new ClassificationMetrics(CLASSES);

    assertThat(m.count()).isZero();
    assertThat(m.accuracy()).isZero();
    assertThat(m.macroF1()).isZero();
  }

  @Test
  void theConfusionMatrixHandedOutIsACopy() {
    ClassificationMetrics m = inspectionOfThirteenWafers();

    m.confusion()[0][0] = 1000;

    assertThat(m.confusion()[0][0]).isEqualTo(5);
    assertThat(m.accuracy()).isCloseTo(8.0 / 13, within(1e-12));
  }

  @Test
  void theTableForPeopleNamesEveryClassAndShowsTheConfusionCounts() {
    String table = inspectionOfThirteenWafers().table();

    assertThat(table).contains("none", "scratch", "edge-ring", "precision", "recall", "support");
    assertThat(table).containsPattern("(?m)^none\\s+5\\s+1\\s+0\\s*$");
    assertThat(table).containsPattern("(?m)^scratch\\s+2\\s+3\\s+0\\s*$");
    assertThat(table).containsPattern("(?m)^edge-ring\\s+1\\s+1\\s+0\\s*$");
    assertThat(table).containsPattern("(?m)^scratch\\s+0\\.6000\\s+0\\.6000\\s+0\\.6000\\s+5\\s*$");
    assertThat(table).contains("accuracy 0.6154", "n=13");
  }

  @Test
  void theMarkdownForModelCardsNamesEveryClassAndShowsTheConfusionCounts() {
    String markdown = inspectionOfThirteenWafers().markdown();

    assertThat(markdown)
        .contains("| none | 0.6250 | 0.8333 | 0.7143 | 6 |")
        .contains("| scratch | 0.6000 | 0.6000 | 0.6000 | 5 |")
        .contains("| edge-ring | 0.0000 | 0.0000 | 0.0000 | 2 |")
        .contains("| | none | scratch | edge-ring |")
        .contains("| none | 5 | 1 | 0 |")
        .contains("| scratch | 2 | 3 | 0 |")
        .contains("| edge-ring | 1 | 1 | 0 |")
        .contains("n = 13");
  }

  @Test
  void theSummaryCarriesTheHeadlineFiguresAndPerClassRecallAndPrecision() {
    ClassificationMetrics m = inspectionOfThirteenWafers();

    assertThat(m.summary())
        .containsKeys("accuracy", "macro_f1", "min_class_recall")
        .containsEntry("recall.scratch", 0.6)
        .containsEntry("precision.edge-ring", 0.0)
        .containsEntry("min_class_recall", 0.0)
        .hasSize(3 + 2 * CLASSES.size());
    assertThat(m.summary().get("accuracy")).isCloseTo(8.0 / 13, within(1e-12));
    assertThat(m.summary().get("macro_f1")).isCloseTo(m.macroF1(), within(1e-12));
    assertThat(m.summary().keySet()).startsWith("accuracy", "macro_f1", "min_class_recall");
  }
}
