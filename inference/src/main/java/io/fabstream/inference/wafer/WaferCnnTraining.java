package io.fabstream.inference.wafer;

import ai.djl.Model;
import io.fabstream.inference.djl.DjlEnvironment;
import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.Sha256;
import io.fabstream.inference.train.BlockScorer;
import io.fabstream.inference.train.ClassifierTrainer;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.inference.train.ModelCard;
import io.fabstream.inference.train.ModelPublisher;
import io.fabstream.inference.train.TrainingRun;
import io.fabstream.inference.train.TrainingSettings;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.DriftReferenceSample;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fabstream train wafer-cnn}: WM-811K training files in, a published wafer-cnn version out.
 * A stratified share of the training files stops training early; a separate held-back file (e.g.
 * {@code wm811k_val}) gives the card's metrics.
 */
public final class WaferCnnTraining {

  private static final Logger LOG = LoggerFactory.getLogger(WaferCnnTraining.class);

  /** Registry name of the wafer model. */
  public static final String MODEL_NAME = "wafer-cnn";

  /** Citation of the data, kept next to every model trained on it. */
  public static final String CITATION =
      "M.-J. Wu, J.-S. R. Jang, J.-L. Chen, \"Wafer Map Failure Pattern Recognition and Similarity"
          + " Ranking for Large-Scale Data Sets\", IEEE Trans. Semiconductor Manufacturing 28(1):1-12,"
          + " 2015; MIR-WM811K dataset, 2015.";

  /**
   * @param trainFiles WM-811K files to train on
   * @param heldBackFile WM-811K file for the card's metrics (never trained on)
   * @param grid G
   * @param earlyStopFraction share of the training files used to stop early
   * @param limit maps per file set to read (0 = all), for quick runs
   * @param threads PyTorch threads
   * @param promote promote the new version
   * @param widths output channels of each conv stage (empty: {@link WaferCnn#standard} for the
   *     grid); the scoring cost grows with their squares, so thinner stages score faster
   */
  public record Settings(
      List<Path> trainFiles,
      Path heldBackFile,
      int grid,
      double earlyStopFraction,
      int limit,
      int threads,
      boolean promote,
      TrainingSettings training,
      List<Integer> widths) {

    public Settings {
      widths = List.copyOf(widths);
    }

    /** The network these settings train. */
    WaferCnn network() {
      WaferCnn standard = WaferCnn.standard(grid);
      return widths.isEmpty() ? standard : new WaferCnn(grid, widths, standard.dropout());
    }
  }

  private WaferCnnTraining() {}

  /** The defaults the shipped model was trained with. */
  public static TrainingSettings defaults() {
    return new TrainingSettings(
        34, 64, 2e-3f, 34, 7, 1500, 5000, true, 0f, -1, java.time.Duration.ofMinutes(58));
  }

  static long parameterCount(Model model) {
    long n = 0;
    for (var p : model.getBlock().getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  /**
   * The drift reference published with the model: profiles of its training maps (its inputs), its
   * class and confidence on the held-back maps (its outputs on data it never saw, which is what a
   * stream will look like, unlike its overconfident outputs on training maps), and whether each
   * held-back verdict was right, which the label-free performance estimate calibrates with.
   *
   * @param heldBackLabels the held-back maps' true classes, one per score row
   */
  static DriftReferenceSample driftReference(
      List<Path> trainFiles, int limit, long seed, float[][] heldBackScores, int[] heldBackLabels) {
    DriftReferenceSample.Reservoir outputs =
        new DriftReferenceSample.Reservoir(DriftReferenceSample.DEFAULT_CAPACITY, seed);
    DriftReferenceSample.Reservoir calibration =
        new DriftReferenceSample.Reservoir(DriftReferenceSample.CALIBRATION_CAPACITY, seed + 1);
    int classes = DefectPattern.values().length;
    int[] predicted = BlockScorer.argMax(heldBackScores, classes);
    for (int i = 0; i < heldBackScores.length; i++) {
      double confidence = heldBackScores[i][predicted[i]];
      outputs.offer(DriftReferenceSample.classifierOutput(predicted[i], confidence));
      calibration.offer(
          DriftReferenceSample.calibrationRow(confidence, predicted[i] == heldBackLabels[i]));
    }
    return new DriftReferenceSample(
        Wm811kDataset.profiles(trainFiles, limit, DriftReferenceSample.DEFAULT_CAPACITY, seed),
        outputs.sample(),
        java.util.Set.of(DriftReferenceSample.CLASS_MIX),
        calibration.sample());
  }

  public static TrainingRun run(Settings s, ModelRegistry registry, PrintStream progress) {
    DjlEnvironment.configure(s.threads());
    WaferMapTensor tensor = new WaferMapTensor(s.grid());
    long loadStart = System.nanoTime();
    LabelledTensors all = Wm811kDataset.load(s.trainFiles(), tensor, s.limit());
    LabelledTensors heldBack = Wm811kDataset.load(List.of(s.heldBackFile()), tensor, s.limit());
    LOG.info(
        "loaded {} training and {} held-back maps at {}x{} in {} s",
        all.size(),
        heldBack.size(),
        s.grid(),
        s.grid(),
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - loadStart) / 1e9));
    LabelledTensors[] split = all.stratifiedSplit(s.earlyStopFraction(), s.training().seed());
    WaferCnn cnn = s.network();
    try (Model model = Model.newInstance(MODEL_NAME)) {
      model.setBlock(cnn.build());
      ClassifierTrainer trainer =
          new ClassifierTrainer(
              s.training(),
              (in, out, random) ->
                  Dihedral.apply(random.nextInt(8), in, out, WaferMapTensor.CHANNELS, s.grid()),
              progress);
      ClassifierTrainer.Outcome outcome = trainer.train(model, split[0], split[1]);
      float[][] scores = BlockScorer.scores(model, cnn, heldBack, 256);
      ClassificationMetrics metrics =
          ClassificationMetrics.of(
              heldBack.classNames(),
              heldBack.labels(),
              BlockScorer.argMax(scores, cnn.outputSize()));
      Map<String, String> dataFiles = Sha256.ofFiles(s.trainFiles());
      Map<String, Object> training = outcome.record(s.training(), s.threads());
      Map<String, Double> headline = new LinkedHashMap<>(metrics.summary());
      headline.put("held_back_items", (double) metrics.count());
      ModelManifest draft =
          new ModelManifest(
              MODEL_NAME,
              0,
              Instant.now(),
              new ModelManifest.Architecture(cnn.type(), cnn.params()),
              new ModelManifest.TensorSpec(
                  "input", List.of(-1L, 3L, (long) s.grid(), (long) s.grid()), "NCHW"),
              DefectPattern.labels(),
              DefectPattern.labels(),
              new ModelManifest.Preprocessing(s.grid(), "wafer-grid", null, null),
              new ModelManifest.TrainingData(
                  "wm811k",
                  dataFiles,
                  Sha256.combined(dataFiles),
                  all.size(),
                  String.format(
                      Locale.ROOT,
                      "train on %d maps of %s (%.0f%% stratified early-stopping split, seed %d); metrics on %d maps of %s",
                      split[0].size(),
                      dataFiles.keySet(),
                      s.earlyStopFraction() * 100,
                      s.training().seed(),
                      heldBack.size(),
                      s.heldBackFile().getFileName())),
              headline,
              training,
              Map.of());
      String card =
          ModelCard.render(
              draft,
              "Classifies a wafer bin map (die grid of pass/fail) into the nine WM-811K defect patterns"
                  + " (Center, Donut, Edge-Loc, Edge-Ring, Loc, Near-full, Random, Scratch, none). The output"
                  + " row holds one probability per pattern; the scorer reports the largest as the class.",
              String.format(
                  Locale.ROOT,
                  "Input: the map box-resampled to %dx%d with three channels holding the area fraction of"
                      + " no-die, passing and failing dies. %d stages of conv3x3 (widths %s) + batch-norm +"
                      + " ReLU + max-pool 2, flatten (keeps where the failures are), dropout %.1f, linear to 9."
                      + " %,d parameters, %,d multiply-adds per map.",
                  s.grid(),
                  s.grid(),
                  cnn.widths().size(),
                  cnn.widths(),
                  cnn.dropout(),
                  parameterCount(model),
                  cnn.multiplyAdds()),
              String.format(
                  Locale.ROOT,
                  "WM-811K (MIR-WM811K), the labelled maps of %s: %d maps, class counts %s. A stratified"
                      + " %.0f%% (seed %d) stops training early; the held-back metrics below are on %s (%d"
                      + " maps), which training never read. Imbalance: each epoch draws every class at least"
                      + " %d and at most %d times (rare classes repeated, 'none' subsampled afresh), the loss"
                      + " weights classes by the inverse square root of their share of the epoch, and every"
                      + " drawn map is rotated or mirrored at random (the eight symmetries of the square,"
                      + " which keep every pattern's class).",
                  dataFiles.keySet(),
                  all.size(),
                  java.util.Arrays.toString(all.classCounts()),
                  s.earlyStopFraction() * 100,
                  s.training().seed(),
                  s.heldBackFile().getFileName(),
                  heldBack.size(),
                  s.training().classFloor(),
                  s.training().classCap()),
              s.heldBackFile().getFileName().toString(),
              metrics,
              outcome,
              "",
              String.format(
                  Locale.ROOT,
                  "./fabstream train wafer-cnn --data ../shared/data/wm811k --threads %d --seed %d",
                  s.threads(),
                  s.training().seed()),
              CITATION);
      var version =
          ModelPublisher.publish(
              registry,
              cnn,
              model,
              draft,
              card,
              driftReference(
                  s.trainFiles(), s.limit(), s.training().seed(), scores, heldBack.labels()),
              s.promote());
      LOG.info("published {} in {}", version.tag(), version.directory());
      return new TrainingRun(version, outcome, metrics, s.heldBackFile().getFileName().toString());
    }
  }
}
