package io.fabstream.drift.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code k x k} count matrix of (actual class, predicted class) over a fixed list of class names,
 * with accuracy and per-class precision, recall and F1.
 *
 * <p>When ground truth arrives (a wafer map's defect pattern confirmed by review, a chamber fault
 * confirmed by maintenance), the drift monitor joins it with the prediction and counts the pair
 * here. Overall accuracy can hide the failure that matters in a fab (a rare pattern such as
 * "Scratch" no longer recognised), so per-class recall is kept beside it; {@link
 * #truePositives(int)} and {@link #support(int)} feed {@link PerformanceCheck} as k of n. The
 * matrix is mergeable across partitions and windows and is bounded by {@link #MAX_CLASSES}.
 *
 * <p>Undefined ratios are NaN rather than 0, so that "no data" is never mistaken for "always
 * wrong": accuracy of an empty matrix, precision of a class never predicted, recall of a class with
 * no support. F1 is {@code 2 TP / (support + predicted)}, which equals the harmonic mean of
 * precision and recall when both are defined and is 0 when a class was predicted but never present
 * or present but never predicted. A class with neither support nor predictions has F1 NaN and is
 * <b>left out of {@link #macroF1()}</b>, which averages over the other classes only: a window
 * without any "Donut" wafer says nothing about how well donuts are recognised, and counting it as 0
 * or 1 would move macro-F1 with the class mix instead of with model quality.
 *
 * <p>Instances are mutable and not thread-safe.
 */
public final class ConfusionMatrix {

  /** The largest number of classes, which bounds the state at {@code 256^2} longs. */
  public static final int MAX_CLASSES = 256;

  /** The longest class name, which bounds the encoded size of the names. */
  public static final int MAX_NAME_LENGTH = 200;

  private static final int FORMAT_VERSION = 1;

  private final List<String> classNames;
  private final Map<String, Integer> indexByName;
  private final long[] counts; // row-major: actual * k + predicted
  private long total;

  /**
   * An empty matrix.
   *
   * @param classNames the class names in index order: at least 2, at most {@link #MAX_CLASSES},
   *     non-blank and distinct
   */
  public ConfusionMatrix(List<String> classNames) {
    if (classNames == null) {
      throw new IllegalArgumentException("class names must not be null");
    }
    if (classNames.size() < 2 || classNames.size() > MAX_CLASSES) {
      throw new IllegalArgumentException(
          "need 2 to " + MAX_CLASSES + " class names, got " + classNames.size());
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classNames.size(); i++) {
      String name = classNames.get(i);
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("class name " + i + " is null or blank");
      }
      if (name.length() > MAX_NAME_LENGTH) {
        throw new IllegalArgumentException(
            "class name " + i + " is longer than " + MAX_NAME_LENGTH + " characters");
      }
      Integer previous = index.put(name, i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "class name '" + name + "' appears twice, at " + previous + " and " + i);
      }
    }
    this.classNames = List.copyOf(classNames);
    this.indexByName = Map.copyOf(index);
    this.counts = new long[classNames.size() * classNames.size()];
  }

  /**
   * Counts one (actual, predicted) pair by index.
   *
   * @param actualIndex the true class index
   * @param predictedIndex the predicted class index
   * @return this matrix
   */
  public ConfusionMatrix add(int actualIndex, int predictedIndex) {
    int k = classCount();
    requireIndex(actualIndex, "actual");
    requireIndex(predictedIndex, "predicted");
    counts[actualIndex * k + predictedIndex]++;
    total = Math.addExact(total, 1);
    return this;
  }

  /**
   * Counts one (actual, predicted) pair by class name.
   *
   * @param actual the true class name
   * @param predicted the predicted class name
   * @return this matrix
   * @throws IllegalArgumentException if a name is not one of the class names
   */
  public ConfusionMatrix add(String actual, String predicted) {
    return add(indexOf(actual), indexOf(predicted));
  }

  /**
   * The index of a class name.
   *
   * @param className the name
   * @return its index
   * @throws IllegalArgumentException if the name is unknown
   */
  public int indexOf(String className) {
    Integer i = className == null ? null : indexByName.get(className);
    if (i == null) {
      throw new IllegalArgumentException(
          "unknown class '" + className + "'; known classes are " + classNames);
    }
    return i;
  }

  /**
   * Adds another matrix over the same class names (same order) into this one.
   *
   * @param other the other matrix, unchanged
   * @return this matrix
   * @throws IllegalArgumentException if the class names differ
   */
  public ConfusionMatrix merge(ConfusionMatrix other) {
    if (other == null) {
      throw new IllegalArgumentException("other matrix must not be null");
    }
    if (!classNames.equals(other.classNames)) {
      throw new IllegalArgumentException(
          "confusion matrices have different classes: " + classNames + " and " + other.classNames);
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Math.addExact(counts[i], other.counts[i]);
    }
    total = Math.addExact(total, other.total);
    return this;
  }

  /**
   * The class names in index order.
   *
   * @return an unmodifiable list
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The number of classes {@code k}.
   *
   * @return {@code k}
   */
  public int classCount() {
    return classNames.size();
  }

  /**
   * One cell.
   *
   * @param actualIndex the true class index
   * @param predictedIndex the predicted class index
   * @return how often that class was predicted as that one
   */
  public long count(int actualIndex, int predictedIndex) {
    requireIndex(actualIndex, "actual");
    requireIndex(predictedIndex, "predicted");
    return counts[actualIndex * classCount() + predictedIndex];
  }

  /**
   * All cells.
   *
   * @return a new {@code k x k} array, {@code [actual][predicted]}
   */
  public long[][] counts() {
    int k = classCount();
    long[][] m = new long[k][];
    for (int a = 0; a < k; a++) {
      m[a] = Arrays.copyOfRange(counts, a * k, (a + 1) * k);
    }
    return m;
  }

  /**
   * The number of pairs counted.
   *
   * @return the total
   */
  public long total() {
    return total;
  }

  /**
   * The number of correct predictions (the diagonal).
   *
   * @return the trace of the matrix
   */
  public long correct() {
    long c = 0;
    for (int i = 0; i < classCount(); i++) {
      c += truePositives(i);
    }
    return c;
  }

  /**
   * The share of correct predictions.
   *
   * @return {@code correct / total}, NaN if the matrix is empty
   */
  public double accuracy() {
    return total == 0 ? Double.NaN : (double) correct() / total;
  }

  /**
   * How often a class was both actual and predicted.
   *
   * @param classIndex the class
   * @return the diagonal cell
   */
  public long truePositives(int classIndex) {
    return count(classIndex, classIndex);
  }

  /**
   * How often a class was the actual one (its row sum).
   *
   * @param classIndex the class
   * @return the support
   */
  public long support(int classIndex) {
    requireIndex(classIndex, "class");
    int k = classCount();
    long s = 0;
    for (int p = 0; p < k; p++) {
      s += counts[classIndex * k + p];
    }
    return s;
  }

  /**
   * How often a class was predicted (its column sum).
   *
   * @param classIndex the class
   * @return the number of predictions of it
   */
  public long predicted(int classIndex) {
    requireIndex(classIndex, "class");
    int k = classCount();
    long s = 0;
    for (int a = 0; a < k; a++) {
      s += counts[a * k + classIndex];
    }
    return s;
  }

  /**
   * Precision: true positives over predictions of the class.
   *
   * @param classIndex the class
   * @return {@code TP / predicted}, NaN if the class was never predicted
   */
  public double precision(int classIndex) {
    long predicted = predicted(classIndex);
    return predicted == 0 ? Double.NaN : (double) truePositives(classIndex) / predicted;
  }

  /**
   * Recall: true positives over the class's support.
   *
   * @param classIndex the class
   * @return {@code TP / support}, NaN if the class never occurred
   */
  public double recall(int classIndex) {
    long support = support(classIndex);
    return support == 0 ? Double.NaN : (double) truePositives(classIndex) / support;
  }

  /**
   * F1 as {@code 2 TP / (support + predicted)}.
   *
   * @param classIndex the class
   * @return F1; 0 if the class occurred or was predicted but never both; NaN if neither
   */
  public double f1(int classIndex) {
    long denominator = support(classIndex) + predicted(classIndex);
    return denominator == 0 ? Double.NaN : 2.0 * truePositives(classIndex) / denominator;
  }

  /**
   * The mean F1 over the classes that have support or predictions; classes with neither are left
   * out (see the class comment).
   *
   * @return macro-F1, NaN if the matrix is empty
   */
  public double macroF1() {
    double sum = 0;
    int used = 0;
    for (int i = 0; i < classCount(); i++) {
      double f = f1(i);
      if (!Double.isNaN(f)) {
        sum += f;
        used++;
      }
    }
    return used == 0 ? Double.NaN : sum / used;
  }

  /**
   * The versioned binary form (class names and cells) for a state store.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    return StateCodec.encode(
        FORMAT_VERSION,
        out -> {
          out.writeInt(classNames.size());
          for (String name : classNames) {
            out.writeUTF(name);
          }
          for (long c : counts) {
            out.writeLong(c);
          }
        });
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @param bytes the bytes
   * @return the matrix
   * @throws IllegalArgumentException if the bytes are not a valid matrix
   */
  public static ConfusionMatrix fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "ConfusionMatrix",
        FORMAT_VERSION,
        (in, version) -> {
          int k = StateCodec.readBoundedInt(in, "class count", 2, MAX_CLASSES);
          List<String> names = new ArrayList<>(k);
          for (int i = 0; i < k; i++) {
            names.add(in.readUTF());
          }
          ConfusionMatrix m = new ConfusionMatrix(names);
          for (int i = 0; i < m.counts.length; i++) {
            long c = in.readLong();
            if (c < 0) {
              throw new IllegalArgumentException("negative count " + c + " in cell " + i);
            }
            m.counts[i] = c;
            m.total = Math.addExact(m.total, c);
          }
          return m;
        });
  }

  private void requireIndex(int index, String what) {
    if (index < 0 || index >= classCount()) {
      throw new IllegalArgumentException(
          what + " index must be in [0, " + (classCount() - 1) + "], got " + index);
    }
  }

  /** Equal if the class names and every cell are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix other
        && classNames.equals(other.classNames)
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * classNames.hashCode() + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix{classes="
        + classNames
        + ", counts="
        + Arrays.deepToString(counts())
        + "}";
  }
}
