package io.fabstream.inference.eval;

/**
 * How well a score ranks positives above negatives, without choosing a threshold: the ROC area,
 * computed as the Mann-Whitney statistic with ties counted half.
 */
public final class AnomalyRanking {

  private AnomalyRanking() {}

  /**
   * @param scores one score per item (higher = more anomalous)
   * @param labels 1 for positive (fault), anything else negative
   * @return ROC AUC in [0, 1], or NaN when either class is absent
   */
  public static double auc(double[] scores, int[] labels) {
    long positives = 0;
    long negatives = 0;
    double wins = 0;
    for (int i = 0; i < scores.length; i++) {
      if (labels[i] != 1) {
        continue;
      }
      positives++;
      for (int j = 0; j < scores.length; j++) {
        if (labels[j] == 1) {
          continue;
        }
        if (scores[i] > scores[j]) {
          wins += 1;
        } else if (scores[i] == scores[j]) {
          wins += 0.5;
        }
      }
    }
    for (int label : labels) {
      if (label != 1) {
        negatives++;
      }
    }
    return positives == 0 || negatives == 0 ? Double.NaN : wins / (positives * negatives);
  }
}
