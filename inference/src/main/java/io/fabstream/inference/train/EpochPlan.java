package io.fabstream.inference.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which items one epoch draws: every class capped and floored (rare classes drawn several times,
 * the dominant "none" class subsampled afresh each epoch), shuffled. This is resampling; the
 * weights it leaves in the loss are derived from the same counts.
 */
final class EpochPlan {

  private EpochPlan() {}

  static int[] draw(int[] labels, int classes, int floor, int cap, Random random) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    List<Integer> epoch = new ArrayList<>();
    for (List<Integer> members : byClass) {
      if (members.isEmpty()) {
        continue;
      }
      int want = members.size();
      if (cap > 0) {
        want = Math.min(want, cap);
      }
      if (floor > 0) {
        want = Math.max(want, floor);
      }
      List<Integer> shuffled = new ArrayList<>(members);
      Collections.shuffle(shuffled, random);
      for (int k = 0; k < want; k++) {
        epoch.add(shuffled.get(k % shuffled.size()));
      }
    }
    Collections.shuffle(epoch, random);
    return epoch.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Loss weight per class: inverse square root of its share of an epoch, mean 1 over items. */
  static float[] weights(int[] epoch, int[] labels, int classes) {
    double[] counts = new double[classes];
    for (int i : epoch) {
      counts[labels[i]]++;
    }
    float[] w = new float[classes];
    double weightedItems = 0;
    for (int c = 0; c < classes; c++) {
      w[c] = counts[c] == 0 ? 0 : (float) (1 / Math.sqrt(counts[c]));
      weightedItems += w[c] * counts[c];
    }
    double scale = epoch.length / weightedItems;
    for (int c = 0; c < classes; c++) {
      w[c] *= (float) scale;
    }
    return w;
  }
}
