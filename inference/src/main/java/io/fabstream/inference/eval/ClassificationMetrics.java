package io.fabstream.inference.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Confusion matrix and the figures fab users ask of a classifier on imbalanced data: accuracy,
 * macro-F1 and per-class precision and recall. Built incrementally so it can also run over a stream
 * of predictions.
 */
public final class ClassificationMetrics {

  private final List<String> classes;
  private final long[][] confusion;
  private long total;

  /** Empty metrics over {@code classes} (index order). */
  public ClassificationMetrics(List<String> classes) {
    this.classes = List.copyOf(classes);
    this.confusion = new long[classes.size()][classes.size()];
  }

  /** Counts one item. */
  public void add(int actual, int predicted) {
    confusion[actual][predicted]++;
    total++;
  }

  /** Adds every count of {@code other} (same classes), e.g. to pool runs of several seeds. */
  public void addAll(ClassificationMetrics other) {
    if (!other.classes.equals(classes)) {
      throw new IllegalArgumentException(
          "cannot pool metrics over " + other.classes + " into metrics over " + classes);
    }
    for (int i = 0; i < confusion.length; i++) {
      for (int j = 0; j < confusion.length; j++) {
        confusion[i][j] += other.confusion[i][j];
      }
    }
    total += other.total;
  }

  /** Counts a whole set. */
  public static ClassificationMetrics of(List<String> classes, int[] actual, int[] predicted) {
    ClassificationMetrics m = new ClassificationMetrics(classes);
    for (int i = 0; i < actual.length; i++) {
      m.add(actual[i], predicted[i]);
    }
    return m;
  }

  public List<String> classes() {
    return classes;
  }

  /** {@code [actual][predicted]} counts (a copy). */
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  public long count() {
    return total;
  }

  public double accuracy() {
    long correct = 0;
    for (int i = 0; i < confusion.length; i++) {
      correct += confusion[i][i];
    }
    return total == 0 ? 0 : (double) correct / total;
  }

  /** Items whose actual class is {@code c}. */
  public long support(int c) {
    long s = 0;
    for (long v : confusion[c]) {
      s += v;
    }
    return s;
  }

  /** Recall of class {@code c} (0 when it has no items). */
  public double recall(int c) {
    long s = support(c);
    return s == 0 ? 0 : (double) confusion[c][c] / s;
  }

  /** Precision of class {@code c} (0 when nothing was predicted as it). */
  public double precision(int c) {
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Mean F1 over the classes present in the data. */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < classes.size(); c++) {
      if (support(c) > 0) {
        sum += f1(c);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Lowest recall over the classes present in the data. */
  public double minRecall() {
    double min = 1;
    for (int c = 0; c < classes.size(); c++) {
      if (support(c) > 0) {
        min = Math.min(min, recall(c));
      }
    }
    return min;
  }

  /** Per-class table and confusion matrix, for people. */
  public String table() {
    StringBuilder out = new StringBuilder();
    int w = Math.max(10, classes.stream().mapToInt(String::length).max().orElse(5) + 1);
    out.append(
        String.format(
            Locale.ROOT,
            "%-" + w + "s %9s %9s %9s %8s%n",
            "class",
            "precision",
            "recall",
            "f1",
            "support"));
    for (int c = 0; c < classes.size(); c++) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-" + w + "s %9.4f %9.4f %9.4f %8d%n",
              classes.get(c),
              precision(c),
              recall(c),
              f1(c),
              support(c)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "accuracy %.4f  macro-F1 %.4f  min class recall %.4f  n=%d%n",
            accuracy(),
            macroF1(),
            minRecall(),
            total));
    out.append("confusion matrix (rows actual, columns predicted):\n");
    out.append(String.format(Locale.ROOT, "%-" + w + "s", ""));
    for (String c : classes) {
      out.append(String.format(Locale.ROOT, " %9s", abbreviate(c)));
    }
    out.append('\n');
    for (int r = 0; r < classes.size(); r++) {
      out.append(String.format(Locale.ROOT, "%-" + w + "s", classes.get(r)));
      for (int c = 0; c < classes.size(); c++) {
        out.append(String.format(Locale.ROOT, " %9d", confusion[r][c]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The same figures as a markdown table plus confusion matrix, for model cards. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
    for (int c = 0; c < classes.size(); c++) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.4f | %d |%n",
              classes.get(c),
              precision(c),
              recall(c),
              f1(c),
              support(c)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%n**accuracy %.4f, macro-F1 %.4f, min class recall %.4f, n = %d**%n%n",
            accuracy(),
            macroF1(),
            minRecall(),
            total));
    out.append("Confusion matrix (rows: actual, columns: predicted)\n\n| |");
    for (String c : classes) {
      out.append(' ').append(c).append(" |");
    }
    out.append("\n|---|");
    out.append("---:|".repeat(classes.size()));
    out.append('\n');
    for (int r = 0; r < classes.size(); r++) {
      out.append("| ").append(classes.get(r)).append(" |");
      for (int c = 0; c < classes.size(); c++) {
        out.append(' ').append(confusion[r][c]).append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Headline figures by name, for manifests and RESULT lines. */
  public Map<String, Double> summary() {
    Map<String, Double> s = new LinkedHashMap<>();
    s.put("accuracy", accuracy());
    s.put("macro_f1", macroF1());
    s.put("min_class_recall", minRecall());
    for (int c = 0; c < classes.size(); c++) {
      s.put("recall." + classes.get(c), recall(c));
      s.put("precision." + classes.get(c), precision(c));
    }
    return s;
  }

  private static String abbreviate(String name) {
    return name.length() <= 9 ? name : name.substring(0, 9);
  }
}
