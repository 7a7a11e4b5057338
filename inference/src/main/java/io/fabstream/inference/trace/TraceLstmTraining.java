package io.fabstream.inference.trace;

import ai.djl.Model;
import io.fabstream.inference.djl.DjlEnvironment;
import io.fabstream.inference.eval.AnomalyRanking;
import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelManifest.SensorStat;
import io.fabstream.inference.registry.ModelManifest.StepProfile;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.Sha256;
import io.fabstream.inference.train.Augmentation;
import io.fabstream.inference.train.ClassifierTrainer;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.inference.train.ModelCard;
import io.fabstream.inference.train.ModelPublisher;
import io.fabstream.inference.train.TrainingRun;
import io.fabstream.inference.train.TrainingSettings;
import io.fabstream.ingest.simulator.SimulatorConfig;
import io.fabstream.schemas.DriftReferenceSample;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fabstream train trace-lstm}: a labelled trace file in (Olszewski wafer traces or LAM
 * 9600), a published trace-lstm version out. A stratified fold is held back for the card; a
 * stratified share of the rest stops training early; normalisation statistics come from the
 * training runs only and ship in the manifest.
 */
public final class TraceLstmTraining {

  private static final Logger LOG = LoggerFactory.getLogger(TraceLstmTraining.class);

  /** Registry name of the trace model. */
  public static final String MODEL_NAME = "trace-lstm";

  /** Citations by dataset. */
  public static final String OLSZEWSKI_CITATION =
      "R. T. Olszewski, \"Generalized Feature Extraction for Structural Pattern Recognition in"
          + " Time-Series Data\", PhD thesis, Carnegie Mellon University, 2001; multivariate packaging:"
          + " M. G. Baydogan, G. Runger, \"Learning a symbolic representation for multivariate time"
          + " series classification\", Data Mining and Knowledge Discovery 29(2), 2015.";

  /** Provenance note of a model trained on the simulated bay, in place of a citation. */
  public static final String SIMULATED_NOTE =
      "Synthetic data: the fabstream simulator's default etch bay (20 sensors, 4-step poly-etch"
          + " recipe, faults injected into one sensor of one step), seed "
          + TraceLstmTraining.SIMULATED_HISTORY_SEED
          + ". No public dataset carries this bay's sensors, so this model exists to score the"
          + " simulated bay in the embedded run; it says nothing about real equipment. The trace"
          + " models trained on real data are trace-lstm (Olszewski wafer traces) and any model"
          + " trained with --data on LAM 9600.";

  public static final String LAM_CITATION =
      "B.M. Wise, N.B. Gallagher, S.W. Butler, D.D. White, G.G. Barna, \"A comparison of principal"
          + " component analysis, multiway principal component analysis, trilinear decomposition and"
          + " parallel factor analysis for fault detection in a semiconductor etch process\", J."
          + " Chemometrics 13, 1999.";

  /**
   * @param data labelled trace file, or null when training on the simulated bay's history
   * @param simulatedLots lots of the simulated etch bay's labelled history to train on instead of a
   *     file (0 = read {@code data}); the model then reads step-aligned windows only
   * @param stepProfiles standardise each run against the good training runs' profile of its recipe
   *     step (always on for the simulated bay); the model then reads step-aligned windows only
   * @param modelName registry name (trace-lstm, or another for a second tool type)
   * @param length T
   * @param hidden recurrent units
   * @param cell {@code lstm} or {@code gru}
   * @param members 1 for one network, more for a bag of that many averaged networks, each trained
   *     on its own fold split, with the fault threshold set on their out-of-fold probabilities
   * @param heldBackFraction stratified fold held back for the card
   * @param earlyStopFraction stratified share of the rest used to stop early
   * @param threads PyTorch threads
   * @param promote promote the new version
   * @param folds stratified cross-validation folds run before the final model (0 = none), for
   *     figures that do not hang on one small held-back fold
   * @param cvSeeds seeds of the cross-validation (fold assignment, initialisation, draws), each a
   *     full run; empty = the training seed alone. With a few dozen faults one seed's figure is
   *     luck as much as skill, so the card states every seed's and their pool
   */
  public record Settings(
      Path data,
      int simulatedLots,
      boolean stepProfiles,
      String modelName,
      int length,
      int hidden,
      String cell,
      int members,
      double heldBackFraction,
      double earlyStopFraction,
      int threads,
      boolean promote,
      int folds,
      TrainingSettings training,
      List<Long> cvSeeds) {

    /** Cross-validated with the training seed alone. */
    public Settings(
        Path data,
        int simulatedLots,
        boolean stepProfiles,
        String modelName,
        int length,
        int hidden,
        String cell,
        int members,
        double heldBackFraction,
        double earlyStopFraction,
        int threads,
        boolean promote,
        int folds,
        TrainingSettings training) {
      this(
          data,
          simulatedLots,
          stepProfiles,
          modelName,
          length,
          hidden,
          cell,
          members,
          heldBackFraction,
          earlyStopFraction,
          threads,
          promote,
          folds,
          training,
          List.of());
    }

    /** The seeds cross-validation runs with. */
    List<Long> seedsOfCrossValidation() {
      return cvSeeds.isEmpty() ? List.of(training.seed()) : cvSeeds;
    }

    public Settings {
      cvSeeds = List.copyOf(cvSeeds);
      if ((data == null) == (simulatedLots <= 0)) {
        throw new IllegalArgumentException(
            "train on either a trace file (--data) or the simulated bay's history (--simulated-lots),"
                + " not both and not neither");
      }
    }

    boolean simulated() {
      return simulatedLots > 0;
    }

    boolean profiled() {
      return stepProfiles || simulated();
    }

    /** Where the runs come from, for logs and the card. */
    String sourceName() {
      return simulated()
          ? String.format(
              Locale.ROOT,
              "simulated etch bay history (seed %d, %d lots)",
              SIMULATED_HISTORY_SEED,
              simulatedLots)
          : data.getFileName().toString();
    }
  }

  /**
   * Seed of the simulated history a bay model trains on: not the demo's seed, so the embedded run
   * scores wafers the model never saw.
   */
  public static final long SIMULATED_HISTORY_SEED = 4242;

  /**
   * Share of faulty wafers in the simulated history: five times the live bay's 10%, as a fab runs a
   * designed experiment of induced faults (LAM 9600's test wafers) rather than wait for them; with
   * 20 sensors, 4 steps and 5 fault kinds there are 400 ways to fail, and a model only learns "any
   * sensor leaves its step's band" from many of them.
   */
  public static final double SIMULATED_FAULT_SHARE = 0.5;

  /** The simulator setup whose history {@code --simulated-lots} trains on. */
  public static SimulatorConfig simulatedBay() {
    SimulatorConfig live = SimulatorConfig.defaults();
    return live.withSeed(SIMULATED_HISTORY_SEED)
        .withFaults(SIMULATED_FAULT_SHARE, live.faultKinds());
  }

  /** Clipping bound of profile-standardised inputs (faults are 6 to 15 noise deviations). */
  public static final double STEP_CLIP = 20;

  /**
   * Window mode of every trace model: it learns from wafer x recipe step runs resampled to T, which
   * is what step-aligned windows hold; sliding windows of T raw samples look nothing like them.
   */
  public static final String STEP_ALIGNED = "STEP_ALIGNED";

  private TraceLstmTraining() {}

  /** The defaults the shipped model was trained with. */
  public static TrainingSettings defaults() {
    return new TrainingSettings(80, 16, 3e-3f, 80, 7, 300, 0, true, 1f, 0, Duration.ofMinutes(30));
  }

  /**
   * The defaults of a model of the simulated bay: its history is 40 times larger, so fewer epochs
   * do, and the forecaster's loss weighs less, because with inputs standardised against the good
   * runs' profile the classifier has the harder job.
   */
  public static TrainingSettings simulatedBayDefaults() {
    return new TrainingSettings(
        40, 16, 3e-3f, 40, 7, 300, 0, true, 0.2f, 0, Duration.ofMinutes(30));
  }

  /** Small jitter: sensor noise is real, and a fault is not a 3% wobble. */
  static Augmentation jitter() {
    return (in, out, random) -> {
      for (int i = 0; i < in.length; i++) {
        out[i] = in[i] + (float) (random.nextGaussian() * 0.03);
      }
    };
  }

  public static TrainingRun run(Settings s, ModelRegistry registry, PrintStream progress) {
    DjlEnvironment.configure(s.threads());
    TraceRuns runs =
        s.simulated()
            ? TraceRuns.simulated(simulatedBay(), s.simulatedLots())
            : TraceRuns.read(s.data());
    int sensors = runs.sensors().size();
    List<SensorStat> identity = new ArrayList<>();
    for (String name : runs.sensors()) {
      identity.add(new SensorStat(name, 0, 0, 1));
    }
    LabelledTensors raw = runs.tensors(new SensorWindowTensor(s.length(), identity));
    LabelledTensors[] outer = raw.stratifiedSplit(s.heldBackFraction(), s.training().seed());
    TraceRuns trainRuns = runs.only(outer[0].ids());
    List<SensorStat> stats = trainRuns.statistics(s.sourceName() + " training runs");
    Map<String, StepProfile> profiles = s.profiled() ? trainRuns.profilesByStep(s.length()) : null;
    Function<TraceRuns.Run, SensorWindowTensor> tensor = tensorOf(s.length(), stats, profiles);
    Double clip = profiles == null ? null : STEP_CLIP;
    LabelledTensors train = trainRuns.tensors(tensor);
    LabelledTensors heldBack = runs.only(outer[1].ids()).tensors(tensor);
    LabelledTensors[] inner = train.stratifiedSplit(s.earlyStopFraction(), s.training().seed() + 1);
    String split =
        s.members() == 1
            ? String.format(
                Locale.ROOT,
                "held back a stratified %.0f%% (%d runs, seed %d); of the rest %d train and %d stop"
                    + " early",
                s.heldBackFraction() * 100,
                heldBack.size(),
                s.training().seed(),
                inner[0].size(),
                inner[1].size())
            : String.format(
                Locale.ROOT,
                "held back a stratified %.0f%% (%d runs, seed %d); the rest (%d runs) split in %d"
                    + " stratified folds, each member trained on all but one and stopped early on"
                    + " that one",
                s.heldBackFraction() * 100,
                heldBack.size(),
                s.training().seed(),
                train.size(),
                s.members());
    LOG.info(
        "{} runs of {} sensors: {} held back; {}",
        runs.runs().size(),
        sensors,
        heldBack.size(),
        split);
    TraceLstm net = new TraceLstm(sensors, s.hidden(), s.cell(), s.members());
    Map<Long, ClassificationMetrics> bySeed = new LinkedHashMap<>();
    ClassificationMetrics crossValidated = null;
    if (s.folds() >= 2) {
      crossValidated = new ClassificationMetrics(TraceRuns.CLASSES);
      for (long seed : s.seedsOfCrossValidation()) {
        ClassificationMetrics one = crossValidate(runs, raw, net, s, seed, progress);
        bySeed.put(seed, one);
        crossValidated.addAll(one);
      }
    }
    try (FittedTraceModel fitted =
        FittedTraceModel.fit(
            net, train, s.training(), s.earlyStopFraction(), jitter(), s.modelName(), progress)) {
      Model model = fitted.model();
      ClassifierTrainer.Outcome outcome = fitted.outcomes().get(0);
      float[][] scores = fitted.scores(net, heldBack);
      ClassificationMetrics metrics =
          ClassificationMetrics.of(
              heldBack.classNames(), heldBack.labels(), fitted.verdicts(scores));
      float[][] trainScores = fitted.scores(net, train);
      double[] normalTrain =
          java.util.stream.IntStream.range(0, train.size())
              .filter(i -> train.labels()[i] == 0)
              .mapToDouble(i -> trainScores[i][2])
              .sorted()
              .toArray();
      double threshold =
          normalTrain[
              (int) Math.min(normalTrain.length - 1, Math.ceil(0.99 * normalTrain.length) - 1)];
      double auc = AnomalyRanking.auc(column(scores, 2), heldBack.labels());
      Map<String, String> files =
          s.simulated()
              ? Map.of(
                  "simulator:" + s.sourceName(),
                  Sha256.of(
                      (simulatedBay().toString() + "/lots=" + s.simulatedLots())
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              : Sha256.ofFiles(List.of(s.data()));
      Map<String, Double> headline = new LinkedHashMap<>(metrics.summary());
      headline.put("held_back_items", (double) metrics.count());
      headline.put("anomaly_threshold_p99_normal", threshold);
      headline.put("anomaly_auc", auc);
      if (crossValidated != null) {
        headline.put("cv_folds", (double) s.folds());
        headline.put("cv_accuracy", crossValidated.accuracy());
        headline.put("cv_macro_f1", crossValidated.macroF1());
        headline.put("cv_fault_recall", crossValidated.recall(1));
        headline.put("cv_normal_recall", crossValidated.recall(0));
        headline.put("cv_seeds", (double) bySeed.size());
        bySeed.forEach(
            (seed, m) -> {
              headline.put("cv_seed" + seed + "_accuracy", m.accuracy());
              headline.put("cv_seed" + seed + "_fault_recall", m.recall(1));
            });
      }
      Map<String, Object> training = outcome.record(s.training(), s.threads());
      if (s.members() > 1) {
        training.put("seconds", fitted.elapsed().toMillis() / 1000.0);
        training.put(
            "members",
            fitted.outcomes().stream().map(o -> o.record(s.training(), s.threads())).toList());
        training.remove("epochs");
        training.remove("best_epoch");
        training.remove("early_stop_macro_f1");
      }
      training.put("held_back_ids", heldBack.ids());
      String dataset =
          s.simulated()
              ? "simulated-etch-bay"
              : s.data().getFileName().toString().contains(".csv")
                  ? "lam9600-etch"
                  : "wafer-traces";
      ModelManifest draft =
          new ModelManifest(
              s.modelName(),
              0,
              Instant.now(),
              new ModelManifest.Architecture(net.type(), net.params()),
              new ModelManifest.TensorSpec("input", List.of(-1L, -1L, (long) sensors), "NTC"),
              List.of("p_normal", "p_fault", TraceLstm.ANOMALY_COLUMN),
              TraceRuns.CLASSES,
              new ModelManifest.Preprocessing(
                  null, "sensor-window", s.length(), stats, STEP_ALIGNED, profiles, clip),
              new ModelManifest.TrainingData(
                  dataset, files, Sha256.combined(files), runs.runs().size(), split),
              headline,
              training,
              Map.of(),
              fitted.decision());
      String card =
          ModelCard.render(
              draft,
              "Scores one chamber's sensor window (T samples x S sensors) two ways: p_fault, the"
                  + " probability that the run is faulty, learned from labelled runs; and anomaly_score,"
                  + " the mean squared one-step forecast error of a forecaster trained on normal runs"
                  + " only, which needs no labels and rises on faults nobody labelled. Scores above"
                  + String.format(
                      Locale.ROOT, " %.4f (the 99th percentile on normal training runs)", threshold)
                  + " are unusual.",
              String.format(
                  Locale.ROOT,
                  (s.profiled()
                          ? "Input: each wafer x recipe step linearly resampled to T = %d rows, exactly the"
                              + " feature job's step-aligned windows (the scorer leaves sliding windows and"
                              + " other recipes' steps unscored), and each value standardised with the"
                              + " good training runs' mean and standard deviation at the same row of the"
                              + " same step (a profile per step in the manifest, as batch process"
                              + " monitoring does), clipped to +-20. One LSTM layer"
                          : "Input: each run linearly resampled to T = %d rows (as the feature job's"
                              + " step-aligned windows are; the scorer leaves sliding windows unscored) and each sensor standardised with the training"
                              + " runs' mean and standard deviation (in the manifest). One LSTM layer")
                      + " of %d units; its last state"
                      + " feeds a linear fault classifier and every state a linear next-sample forecaster."
                      + " %,d multiply-adds per window of %d. The ONNX graph accepts any window length.",
                  s.length(),
                  s.hidden(),
                  net.multiplyAdds(s.length()),
                  s.length()),
              String.format(
                  Locale.ROOT,
                  (s.simulated()
                          ? "%s, where half the wafers carry one injected fault (drift, step change,"
                              + " spikes, stuck sensor or noise burst of 6 to 10 noise sigmas on one"
                              + " sensor during one step) and a run is one wafer x recipe step, labelled"
                              + " fault only for the step the fault acted in: "
                          : "%s: ")
                      + "%d runs (%d faulty), sensors %s. Split: %s. Imbalance: faulty runs are drawn at least"
                      + " %d times per epoch and the loss is weighted by the inverse square root of each"
                      + " class's share; every drawn window gets N(0, 0.03) jitter.",
                  s.sourceName(),
                  runs.runs().size(),
                  Arrays.stream(raw.labels()).filter(l -> l == 1).count(),
                  runs.sensors(),
                  draft.trainingData().split(),
                  s.training().classFloor()),
              "held-back fold",
              metrics,
              fitted.outcomes(),
              decisionSection(fitted.decision())
                  + String.format(
                      Locale.ROOT,
                      "## Label-free anomaly score%n%nOn the held-back fold, ranking runs by anomaly_score alone"
                          + " separates faulty from normal runs with ROC AUC %.4f; threshold (p99 of normal"
                          + " training runs) %.4f.",
                      auc,
                      threshold)
                  + (crossValidated == null
                      ? ""
                      : crossValidationSection(s, bySeed, crossValidated)),
              commandLine(s),
              switch (dataset) {
                case "lam9600-etch" -> LAM_CITATION;
                case "simulated-etch-bay" -> SIMULATED_NOTE;
                default -> OLSZEWSKI_CITATION;
              });
      DriftReferenceSample reference =
          driftReference(
              trainRuns,
              s.length(),
              scores,
              fitted.verdicts(scores),
              heldBack.labels(),
              s.training().seed());
      var version =
          ModelPublisher.publish(registry, net, model, draft, card, reference, s.promote());
      LOG.info("published {} in {}", version.tag(), version.directory());
      return new TrainingRun(version, outcome, metrics, "held-back fold of " + s.sourceName());
    }
  }

  /**
   * The drift reference published with the model: each training run's per-sensor means as the
   * feature job's step-aligned window of it holds them ({@code <step>/<sensor>}, the data drift
   * app's inputs; only runs that name their recipe step), its fault probability and anomaly score
   * on the held-back runs (its outputs), and whether each held-back verdict was right, with the
   * probability the model gave it (the label-free estimate's calibration evidence).
   */
  static DriftReferenceSample driftReference(
      TraceRuns trainRuns,
      int length,
      float[][] heldBackScores,
      int[] heldBackVerdicts,
      int[] heldBackLabels,
      long seed) {
    DriftReferenceSample.Reservoir inputs =
        new DriftReferenceSample.Reservoir(DriftReferenceSample.DEFAULT_CAPACITY, seed);
    int sensors = trainRuns.sensors().size();
    for (TraceRuns.Run run : trainRuns.runs()) {
      if (run.step() == null) {
        continue;
      }
      float[] window = SensorWindowTensor.resample(run.series(), length);
      Map<String, Double> means = new LinkedHashMap<>();
      for (int c = 0; c < sensors; c++) {
        double sum = 0;
        for (int k = 0; k < length; k++) {
          sum += window[k * sensors + c];
        }
        means.put(run.step() + "/" + trainRuns.sensors().get(c), sum / length);
      }
      inputs.offer(means);
    }
    DriftReferenceSample.Reservoir outputs =
        new DriftReferenceSample.Reservoir(DriftReferenceSample.DEFAULT_CAPACITY, seed + 1);
    DriftReferenceSample.Reservoir calibration =
        new DriftReferenceSample.Reservoir(DriftReferenceSample.CALIBRATION_CAPACITY, seed + 2);
    for (int i = 0; i < heldBackScores.length; i++) {
      double fault = heldBackScores[i][1];
      Map<String, Double> row = new LinkedHashMap<>();
      row.put(FAULT_PROBABILITY, fault);
      row.put(TraceLstm.ANOMALY_COLUMN, (double) heldBackScores[i][2]);
      outputs.offer(row);
      boolean calledFault = heldBackVerdicts[i] == 1;
      calibration.offer(
          DriftReferenceSample.calibrationRow(
              calledFault ? fault : 1 - fault, heldBackVerdicts[i] == heldBackLabels[i]));
    }
    return new DriftReferenceSample(
        inputs.sample(), outputs.sample(), java.util.Set.of(), calibration.sample());
  }

  /**
   * The trace model's fault probability as a drift output feature (as the data drift app names it).
   */
  static final String FAULT_PROBABILITY = "fault_probability";

  /** The card's cross-validation section: every seed's figures, then their pool. */
  static String crossValidationSection(
      Settings s, Map<Long, ClassificationMetrics> bySeed, ClassificationMetrics pooled) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%n%n## %d-fold cross-validation%n%nEvery run held out once per seed (stratified;"
                + " statistics, %s redone per fold with the same settings, so"
                + " these figures measure the procedure that made this model). Per seed:%n%n",
            s.folds(),
            s.members() > 1
                ? "the bag, its members' early stopping and its decision threshold"
                : "early stopping and training"));
    md.append(
        "| seed | accuracy | fault recall | normal recall | missed faults | false alarms |\n");
    md.append("|---:|---:|---:|---:|---:|---:|\n");
    bySeed.forEach(
        (seed, m) ->
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %d | %.4f | %.4f | %.4f | %d | %d |%n",
                    seed,
                    m.accuracy(),
                    m.recall(1),
                    m.recall(0),
                    m.confusion()[1][0],
                    m.confusion()[0][1])));
    md.append(
        String.format(
            Locale.ROOT,
            "%nPooled over %d seed(s) x %d runs:%n%n",
            bySeed.size(),
            pooled.count() / Math.max(1, bySeed.size())));
    return md.append(pooled.markdown()).toString();
  }

  /** The card's paragraph on the decision rule, empty without one. */
  static String decisionSection(ModelManifest.Decision decision) {
    if (decision == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "## Decision rule%n%nA window is called `%s` from p(%s) >= %.4f (in the manifest's"
            + " `decision`; scorers and `fabstream evaluate` apply it). Set on %s.%n%n",
        decision.positiveClass(),
        decision.positiveClass(),
        decision.threshold(),
        decision.basis());
  }

  /**
   * The input tensor of each run: one for all runs, or, with profiles per recipe step, the one of
   * the run's step.
   */
  static Function<TraceRuns.Run, SensorWindowTensor> tensorOf(
      int length, List<SensorStat> stats, Map<String, StepProfile> profiles) {
    if (profiles == null) {
      SensorWindowTensor one = new SensorWindowTensor(length, stats);
      return run -> one;
    }
    Map<String, SensorWindowTensor> byStep = new LinkedHashMap<>();
    profiles.forEach(
        (step, profile) ->
            byStep.put(step, new SensorWindowTensor(length, stats, profile, STEP_CLIP)));
    return run -> {
      SensorWindowTensor t = byStep.get(run.step());
      if (t == null) {
        throw new IllegalArgumentException(
            "run " + run.id() + " is of step " + run.step() + ", which has no statistics");
      }
      return t;
    };
  }

  /** The command that reproduces a model, for its card. */
  static String commandLine(Settings s) {
    StringBuilder line = new StringBuilder("./fabstream train trace-lstm");
    if (s.simulated()) {
      line.append(" --simulated-lots ").append(s.simulatedLots());
    } else {
      line.append(" --data ").append(s.data());
    }
    if (!s.modelName().equals(MODEL_NAME)) {
      line.append(" --name ").append(s.modelName());
    }
    if (!s.cvSeeds().isEmpty()) {
      line.append(" --cv-seeds ")
          .append(String.join(",", s.cvSeeds().stream().map(String::valueOf).toList()));
    }
    return line.append(
            String.format(
                Locale.ROOT,
                " --members %d --threads %d --seed %d",
                s.members(),
                s.threads(),
                s.training().seed()))
        .toString();
  }

  /** Pooled held-out predictions of a stratified k-fold run over all runs, with {@code seed}. */
  static ClassificationMetrics crossValidate(
      TraceRuns runs,
      LabelledTensors raw,
      TraceLstm net,
      Settings s,
      long seed,
      PrintStream progress) {
    ClassificationMetrics pooled = new ClassificationMetrics(TraceRuns.CLASSES);
    TrainingSettings training = s.training().withSeed(seed);
    for (int f = 0; f < s.folds(); f++) {
      LabelledTensors[] split = raw.fold(s.folds(), f, seed);
      TraceRuns trainRuns = runs.only(split[0].ids());
      Function<TraceRuns.Run, SensorWindowTensor> tensor =
          tensorOf(
              s.length(),
              trainRuns.statistics("fold " + f),
              s.profiled() ? trainRuns.profilesByStep(s.length()) : null);
      LabelledTensors train = trainRuns.tensors(tensor);
      LabelledTensors held = runs.only(split[1].ids()).tensors(tensor);
      try (FittedTraceModel fitted =
          FittedTraceModel.fit(
              net,
              train,
              training,
              s.earlyStopFraction(),
              jitter(),
              s.modelName() + "-fold" + f,
              progress)) {
        int[] predicted = fitted.verdicts(fitted.scores(net, held));
        ClassificationMetrics fold =
            ClassificationMetrics.of(TraceRuns.CLASSES, held.labels(), predicted);
        for (int i = 0; i < predicted.length; i++) {
          pooled.add(held.labels()[i], predicted[i]);
        }
        LOG.info(
            "fold {}/{}: accuracy {} fault recall {}",
            f + 1,
            s.folds(),
            String.format(Locale.ROOT, "%.4f", fold.accuracy()),
            String.format(Locale.ROOT, "%.4f", fold.recall(1)));
      }
    }
    LOG.info(
        "{}-fold cross-validation, seed {}: accuracy {} macro-F1 {} fault recall {}",
        s.folds(),
        seed,
        String.format(Locale.ROOT, "%.4f", pooled.accuracy()),
        String.format(Locale.ROOT, "%.4f", pooled.macroF1()),
        String.format(Locale.ROOT, "%.4f", pooled.recall(1)));
    return pooled;
  }

  static double[] column(float[][] rows, int c) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][c];
    }
    return out;
  }
}
