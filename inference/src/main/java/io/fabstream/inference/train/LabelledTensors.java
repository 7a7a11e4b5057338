package io.fabstream.inference.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Model inputs already turned into float tensors, with their class and a stable id. Every dataset
 * becomes one of these before training or evaluation, so the trainer, the split and the metrics do
 * not care whether the items are wafer maps or sensor windows.
 *
 * @param shape shape of one item (without the batch axis)
 * @param inputs one flat array per item
 * @param labels class index per item
 * @param ids stable id per item (wafer id), for splits and error analysis
 * @param classNames class names in index order
 */
public record LabelledTensors(
    long[] shape, List<float[]> inputs, int[] labels, List<String> ids, List<String> classNames) {

  public LabelledTensors {
    if (inputs.size() != labels.length || ids.size() != labels.length) {
      throw new IllegalArgumentException(
          "inputs, labels and ids differ in length: "
              + inputs.size()
              + ", "
              + labels.length
              + ", "
              + ids.size());
    }
    int itemSize = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
    for (float[] x : inputs) {
      if (x.length != itemSize) {
        throw new IllegalArgumentException(
            "item has "
                + x.length
                + " floats, shape "
                + Arrays.toString(shape)
                + " needs "
                + itemSize);
      }
    }
    for (int y : labels) {
      if (y < 0 || y >= classNames.size()) {
        throw new IllegalArgumentException("label " + y + " outside 0.." + (classNames.size() - 1));
      }
    }
  }

  /** Number of items. */
  public int size() {
    return labels.length;
  }

  /** Floats per item. */
  public int itemSize() {
    return inputs.isEmpty() ? 0 : inputs.get(0).length;
  }

  /** Items per class. */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int y : labels) {
      counts[y]++;
    }
    return counts;
  }

  /** The items at {@code indices}, in that order. */
  public LabelledTensors select(int[] indices) {
    List<float[]> x = new ArrayList<>(indices.length);
    List<String> id = new ArrayList<>(indices.length);
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      x.add(inputs.get(indices[i]));
      id.add(ids.get(indices[i]));
      y[i] = labels[indices[i]];
    }
    return new LabelledTensors(shape, x, y, id, classNames);
  }

  /** Appends another set with the same shape and classes. */
  public LabelledTensors concat(LabelledTensors other) {
    if (!Arrays.equals(shape, other.shape) || !classNames.equals(other.classNames)) {
      throw new IllegalArgumentException("cannot concatenate sets of different shape or classes");
    }
    List<float[]> x = new ArrayList<>(inputs);
    x.addAll(other.inputs);
    List<String> id = new ArrayList<>(ids);
    id.addAll(other.ids);
    int[] y = Arrays.copyOf(labels, labels.length + other.labels.length);
    System.arraycopy(other.labels, 0, y, labels.length, other.labels.length);
    return new LabelledTensors(shape, x, y, id, classNames);
  }

  /**
   * Splits per class (so rare classes appear on both sides) into a training and a held-out part.
   *
   * @param heldOutFraction share of each class held out (at least one item, and at most all but
   *     one, of any class with two or more)
   * @param seed shuffle seed
   * @return {@code [train, heldOut]}
   */
  public LabelledTensors[] stratifiedSplit(double heldOutFraction, long seed) {
    if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException(
          "held-out fraction must be in (0, 1), got " + heldOutFraction);
    }
    Random random = new Random(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          members.add(i);
        }
      }
      java.util.Collections.shuffle(members, random);
      int k = (int) Math.round(members.size() * heldOutFraction);
      if (members.size() >= 2) {
        k = Math.min(Math.max(k, 1), members.size() - 1);
      }
      held.addAll(members.subList(0, k));
      train.addAll(members.subList(k, members.size()));
    }
    java.util.Collections.sort(train);
    java.util.Collections.sort(held);
    return new LabelledTensors[] {
      select(train.stream().mapToInt(Integer::intValue).toArray()),
      select(held.stream().mapToInt(Integer::intValue).toArray())
    };
  }

  /** Splits into {@code k} stratified folds; fold {@code f} is returned as {@code [rest, fold]}. */
  public LabelledTensors[] fold(int k, int f, long seed) {
    if (k < 2 || f < 0 || f >= k) {
      throw new IllegalArgumentException("fold " + f + " of " + k + " is not valid");
    }
    Random random = new Random(seed);
    List<Integer> rest = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          members.add(i);
        }
      }
      java.util.Collections.shuffle(members, random);
      for (int j = 0; j < members.size(); j++) {
        (j % k == f ? held : rest).add(members.get(j));
      }
    }
    java.util.Collections.sort(rest);
    java.util.Collections.sort(held);
    return new LabelledTensors[] {
      select(rest.stream().mapToInt(Integer::intValue).toArray()),
      select(held.stream().mapToInt(Integer::intValue).toArray())
    };
  }
}
