package io.fabstream.inference.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.platform.progress.ProgressBar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a DJL classifier block: class-balanced epochs with augmentation, a class-weighted
 * cross-entropy (plus an optional per-item auxiliary loss the block emits as its second output),
 * Adam with cosine decay, and early stopping on validation macro-F1, restoring the best epoch's
 * weights. One seed drives everything, so two runs with one PyTorch thread give the same weights.
 */
public final class ClassifierTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);

  /**
   * One epoch's figures.
   *
   * @param epoch 1-based epoch
   * @param items items drawn
   * @param trainLoss mean training loss
   * @param validationAccuracy accuracy on the validation split
   * @param validationMacroF1 macro-F1 on the validation split
   * @param seconds wall time of the epoch, validation included
   */
  public record EpochRecord(
      int epoch,
      int items,
      double trainLoss,
      double validationAccuracy,
      double validationMacroF1,
      double seconds) {}

  /**
   * What training did.
   *
   * @param history every epoch
   * @param bestEpoch the epoch whose weights the block holds now
   * @param validation metrics of those weights on the validation split
   * @param elapsed wall time of all training
   * @param stopReason why it stopped
   */
  public record Outcome(
      List<EpochRecord> history,
      int bestEpoch,
      ClassificationMetrics validation,
      Duration elapsed,
      String stopReason) {

    /** The manifest's {@code training} entry: how long, how many epochs, why it stopped, seeds. */
    public java.util.Map<String, Object> record(TrainingSettings settings, int threads) {
      java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
      r.put("seconds", elapsed.toMillis() / 1000.0);
      r.put("epochs", history.size());
      r.put("best_epoch", bestEpoch);
      r.put("stop_reason", stopReason);
      r.put("seed", settings.seed());
      r.put("threads", threads);
      r.put("settings", settings.toString());
      r.put("early_stop_macro_f1", validation.macroF1());
      return r;
    }
  }

  private final TrainingSettings settings;
  private final Augmentation augmentation;
  private final PrintStream progress;

  public ClassifierTrainer(
      TrainingSettings settings, Augmentation augmentation, PrintStream progress) {
    this.settings = settings;
    this.augmentation = augmentation;
    this.progress = progress;
  }

  /**
   * Initialises the model's block from the seed and trains it; on return the block holds the best
   * epoch's weights.
   */
  public Outcome train(Model model, LabelledTensors train, LabelledTensors validation) {
    if (train.size() == 0 || validation.size() == 0) {
      throw new IllegalArgumentException("training and validation sets must not be empty");
    }
    int classes = train.classNames().size();
    Random random = new Random(settings.seed());
    Engine.getInstance().setRandomSeed((int) settings.seed());
    int[] firstEpoch =
        EpochPlan.draw(
            train.labels(),
            classes,
            settings.classFloor(),
            settings.classCap(),
            new Random(settings.seed()));
    int stepsPerEpoch = (firstEpoch.length + settings.batchSize() - 1) / settings.batchSize();
    CosineTracker lr =
        CosineTracker.builder()
            .setBaseValue(settings.learningRate())
            .optFinalValue(settings.learningRate() / 100)
            .setMaxUpdates(Math.max(1, stepsPerEpoch * settings.maxEpochs()))
            .build();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build())
            .optDevices(new Device[] {Engine.getInstance().defaultDevice()});
    long start = System.nanoTime();
    List<EpochRecord> history = new ArrayList<>();
    byte[] best = null;
    ClassificationMetrics bestMetrics = null;
    int bestEpoch = 0;
    double bestLoss = Double.MAX_VALUE;
    String stopReason = "reached " + settings.maxEpochs() + " epochs";
    try (Trainer trainer = model.newTrainer(config)) {
      Shape itemShape = new Shape(train.shape());
      trainer.initialize(new Shape(1).addAll(itemShape));
      for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
        long epochStart = System.nanoTime();
        int[] order =
            epoch == 1
                ? firstEpoch
                : EpochPlan.draw(
                    train.labels(), classes, settings.classFloor(), settings.classCap(), random);
        float[] weights =
            settings.weightedLoss()
                ? EpochPlan.weights(order, train.labels(), classes)
                : ones(classes);
        double lossSum = 0;
        int batches = 0;
        try (ProgressBar bar =
            new ProgressBar(
                String.format(
                    Locale.ROOT, "%s epoch %d/%d", model.getName(), epoch, settings.maxEpochs()),
                order.length,
                progress)) {
          for (int from = 0; from < order.length; from += settings.batchSize()) {
            int n = Math.min(settings.batchSize(), order.length - from);
            lossSum += step(trainer, train, order, from, n, itemShape, weights, random);
            batches++;
            bar.step(n);
          }
        }
        Validation checked = evaluate(trainer, validation, itemShape);
        ClassificationMetrics metrics = checked.metrics();
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        EpochRecord record =
            new EpochRecord(
                epoch,
                order.length,
                lossSum / batches,
                metrics.accuracy(),
                metrics.macroF1(),
                seconds);
        history.add(record);
        LOG.info(
            "{} epoch {}: loss {} validation loss {} accuracy {} macro-F1 {} min recall {} ({} s)",
            model.getName(),
            epoch,
            fmt(record.trainLoss()),
            fmt(checked.loss()),
            fmt(metrics.accuracy()),
            fmt(metrics.macroF1()),
            fmt(metrics.minRecall()),
            fmt(seconds));
        if (bestMetrics == null || better(checked, bestMetrics, bestLoss)) {
          best = snapshot(model.getBlock());
          bestMetrics = metrics;
          bestLoss = checked.loss();
          bestEpoch = epoch;
        } else if (epoch - bestEpoch >= settings.patience()) {
          stopReason = "no better validation macro-F1 for " + settings.patience() + " epochs";
          break;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (epoch < settings.maxEpochs() && elapsed + seconds > settings.timeBudget().toSeconds()) {
          stopReason = "time budget of " + settings.timeBudget() + " would be exceeded";
          break;
        }
      }
      restore(model.getBlock(), best, model.getNDManager());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    LOG.info(
        "{}: best epoch {} of {}, stopped: {}",
        model.getName(),
        bestEpoch,
        history.size(),
        stopReason);
    return new Outcome(List.copyOf(history), bestEpoch, bestMetrics, elapsed, stopReason);
  }

  /** Higher validation macro-F1 wins; on a tie (common on small sets), lower validation loss. */
  private static boolean better(Validation now, ClassificationMetrics best, double bestLoss) {
    if (now.metrics().macroF1() != best.macroF1()) {
      return now.metrics().macroF1() > best.macroF1();
    }
    return now.loss() < bestLoss;
  }

  private double step(
      Trainer trainer,
      LabelledTensors data,
      int[] order,
      int from,
      int n,
      Shape itemShape,
      float[] weights,
      Random random) {
    int size = data.itemSize();
    float[] batch = new float[n * size];
    float[] scratch = new float[size];
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      int item = order[from + i];
      augmentation.apply(data.inputs().get(item), scratch, random);
      System.arraycopy(scratch, 0, batch, i * size, size);
      labels[i] = data.labels()[item];
    }
    int classes = data.classNames().size();
    try (NDManager manager = trainer.getManager().newSubManager()) {
      NDArray x = manager.create(batch, new Shape(n).addAll(itemShape));
      NDArray y = manager.create(labels);
      NDArray w = manager.create(weights);
      double value;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList out = trainer.forward(new NDList(x));
        NDArray oneHot = y.oneHot(classes, DataType.FLOAT32);
        NDArray itemWeights = oneHot.mul(w).sum(new int[] {1});
        NDArray nll = out.get(0).logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        NDArray loss = nll.mul(itemWeights).sum().div(itemWeights.sum());
        if (settings.auxiliaryWeight() > 0 && out.size() > 1) {
          NDArray mask =
              settings.auxiliaryClass() < 0
                  ? manager.ones(new Shape(n))
                  : y.eq(settings.auxiliaryClass()).toType(DataType.FLOAT32, false);
          NDArray aux = out.get(1).mul(mask).sum().div(mask.sum().add(1e-6f));
          loss = loss.add(aux.mul(settings.auxiliaryWeight()));
        }
        value = loss.getFloat();
        collector.backward(loss);
      }
      trainer.step();
      return value;
    }
  }

  private record Validation(ClassificationMetrics metrics, double loss) {}

  private Validation evaluate(Trainer trainer, LabelledTensors validation, Shape itemShape) {
    int batchSize = Math.max(64, settings.batchSize());
    int[] predicted = new int[validation.size()];
    double nll = 0;
    int size = validation.itemSize();
    int classes = validation.classNames().size();
    for (int from = 0; from < validation.size(); from += batchSize) {
      int n = Math.min(batchSize, validation.size() - from);
      float[] batch = new float[n * size];
      for (int i = 0; i < n; i++) {
        System.arraycopy(validation.inputs().get(from + i), 0, batch, i * size, size);
      }
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDArray x = manager.create(batch, new Shape(n).addAll(itemShape));
        NDArray logp = trainer.evaluate(new NDList(x)).get(0).logSoftmax(1);
        float[] values = logp.toFloatArray();
        for (int i = 0; i < n; i++) {
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (values[i * classes + c] > values[i * classes + best]) {
              best = c;
            }
          }
          predicted[from + i] = best;
          nll -= values[i * classes + validation.labels()[from + i]];
        }
      }
    }
    return new Validation(
        ClassificationMetrics.of(validation.classNames(), validation.labels(), predicted),
        nll / validation.size());
  }

  private static byte[] snapshot(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot snapshot the block's weights", e);
    }
    return bytes.toByteArray();
  }

  private static void restore(Block block, byte[] weights, NDManager manager) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
      block.loadParameters(manager, in);
    } catch (IOException | ai.djl.MalformedModelException e) {
      throw new IllegalStateException("cannot restore the best epoch's weights", e);
    }
  }

  private static float[] ones(int n) {
    float[] w = new float[n];
    java.util.Arrays.fill(w, 1f);
    return w;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
