package io.fabstream.inference.train;

import java.time.Duration;

/**
 * How a classifier is trained. Defaults favour reproducibility on a small CPU: one seed for
 * shuffles, sampling, augmentation and initialisation.
 *
 * @param maxEpochs upper bound on epochs
 * @param batchSize items per step
 * @param learningRate Adam's initial step size (cosine-decayed to 1% over {@code maxEpochs})
 * @param patience epochs without a better validation macro-F1 before stopping
 * @param seed the one seed
 * @param classFloor each class is oversampled (with replacement) to at least this many items per
 *     epoch, 0 = off
 * @param classCap each class contributes at most this many items per epoch (a fresh draw every
 *     epoch), 0 = off
 * @param weightedLoss weight the loss by the inverse square root of each class's share of an epoch
 * @param auxiliaryWeight weight of the block's second output (an unsupervised loss per item), 0 =
 *     ignored
 * @param auxiliaryClass only items of this class feed the auxiliary loss (-1 = all items)
 * @param timeBudget training stops before an epoch that would end after this
 */
public record TrainingSettings(
    int maxEpochs,
    int batchSize,
    float learningRate,
    int patience,
    long seed,
    int classFloor,
    int classCap,
    boolean weightedLoss,
    float auxiliaryWeight,
    int auxiliaryClass,
    Duration timeBudget) {

  public TrainingSettings {
    require(maxEpochs >= 1, "maxEpochs must be at least 1, got " + maxEpochs);
    require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
    require(
        learningRate > 0 && learningRate < 1,
        "learning rate must be in (0, 1), got " + learningRate);
    require(patience >= 1, "patience must be at least 1, got " + patience);
    require(classFloor >= 0 && classCap >= 0, "class floor and cap must not be negative");
    require(classCap == 0 || classCap >= classFloor, "class cap must be at least the class floor");
    require(auxiliaryWeight >= 0, "auxiliary weight must not be negative");
    require(
        timeBudget != null && !timeBudget.isNegative() && !timeBudget.isZero(),
        "time budget must be positive");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A copy with another epoch bound. */
  public TrainingSettings withMaxEpochs(int epochs) {
    return new TrainingSettings(
        epochs,
        batchSize,
        learningRate,
        patience,
        seed,
        classFloor,
        classCap,
        weightedLoss,
        auxiliaryWeight,
        auxiliaryClass,
        timeBudget);
  }

  /** A copy with another auxiliary-loss weight. */
  public TrainingSettings withAuxiliaryWeight(float weight) {
    return new TrainingSettings(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        seed,
        classFloor,
        classCap,
        weightedLoss,
        weight,
        auxiliaryClass,
        timeBudget);
  }

  /** A copy with another seed (members of a bag each start from their own). */
  public TrainingSettings withSeed(long newSeed) {
    return new TrainingSettings(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        newSeed,
        classFloor,
        classCap,
        weightedLoss,
        auxiliaryWeight,
        auxiliaryClass,
        timeBudget);
  }

  /** A copy with another time budget. */
  public TrainingSettings withTimeBudget(Duration budget) {
    return new TrainingSettings(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        seed,
        classFloor,
        classCap,
        weightedLoss,
        auxiliaryWeight,
        auxiliaryClass,
        budget);
  }
}
