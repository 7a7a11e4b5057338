package io.fabstream.inference.trace;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.fabstream.inference.registry.ModelManifest.Decision;
import io.fabstream.inference.train.Augmentation;
import io.fabstream.inference.train.BlockScorer;
import io.fabstream.inference.train.ClassifierTrainer;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.inference.train.TrainingSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trace network trained on a set of labelled runs, one way for final models and for every
 * cross-validation fold, so the figures on the card measure the procedure that made the shipped
 * model. One network stops early on a stratified share of the runs; a bag trains each member on its
 * own fold split (every run stops exactly one member early) and sets the decision threshold on
 * those out-of-fold probabilities ({@link FaultThreshold}).
 *
 * @param model the trained model (a bag's block holds the members)
 * @param outcomes how each member's training went
 * @param decision the threshold rule of a bag, null for one network (most probable class)
 * @param owned models to close with this one (a bag's members)
 */
record FittedTraceModel(
    Model model, List<ClassifierTrainer.Outcome> outcomes, Decision decision, List<Model> owned)
    implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FittedTraceModel.class);

  /** Seed step between bag members: each starts from its own initialisation and draws. */
  static final long MEMBER_SEED_STEP = 100;

  /**
   * @param net the network (its {@code members} decide one network or a bag)
   * @param train labelled runs, already standardised
   * @param settings training settings; member m uses seed + m * {@link #MEMBER_SEED_STEP}
   * @param earlyStopFraction a single network's stratified early-stopping share
   * @param name model name, for DJL
   */
  static FittedTraceModel fit(
      TraceLstm net,
      LabelledTensors train,
      TrainingSettings settings,
      double earlyStopFraction,
      Augmentation augmentation,
      String name,
      PrintStream progress) {
    if (net.members() == 1) {
      LabelledTensors[] inner = train.stratifiedSplit(earlyStopFraction, settings.seed() + 1);
      Model model = Model.newInstance(name);
      try {
        model.setBlock(net.build());
        ClassifierTrainer.Outcome outcome =
            new ClassifierTrainer(settings, augmentation, progress)
                .train(model, inner[0], inner[1]);
        return new FittedTraceModel(model, List.of(outcome), null, List.of());
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
    TraceLstm single = net.member();
    List<Model> members = new ArrayList<>();
    List<ClassifierTrainer.Outcome> outcomes = new ArrayList<>();
    double[] outOfFold = new double[train.size()];
    int[] labels = new int[train.size()];
    int filled = 0;
    try {
      for (int m = 0; m < net.members(); m++) {
        LabelledTensors[] split = train.fold(net.members(), m, settings.seed() + 1);
        Model member = Model.newInstance(name + "-member" + m);
        members.add(member);
        member.setBlock(single.build());
        outcomes.add(
            new ClassifierTrainer(
                    settings.withSeed(settings.seed() + m * MEMBER_SEED_STEP),
                    augmentation,
                    progress)
                .train(member, split[0], split[1]));
        float[][] held = BlockScorer.scores(member, single, split[1], 64);
        for (int i = 0; i < held.length; i++) {
          outOfFold[filled] = held[i][1];
          labels[filled++] = split[1].labels()[i];
        }
        LOG.info(
            "bag member {}/{}: best epoch {}, early-stop macro-F1 {}",
            m + 1,
            net.members(),
            outcomes.get(m).bestEpoch(),
            String.format(java.util.Locale.ROOT, "%.4f", outcomes.get(m).validation().macroF1()));
      }
      if (filled != train.size()) {
        throw new IllegalStateException(
            "the members' folds held out " + filled + " of " + train.size() + " runs");
      }
      List<Block> blocks = members.stream().map(Model::getBlock).toList();
      TraceBagBlock bag = new TraceBagBlock(blocks);
      Model model = Model.newInstance(name);
      model.setBlock(bag);
      // records the bag's input shape (its parameter file starts with it); the members' arrays
      // are already there, so initialisation leaves their trained weights alone
      bag.initialize(
          model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(new Shape(train.shape())));
      Decision decision = FaultThreshold.fromOutOfFold(outOfFold, labels);
      LOG.info("bag decision: p(fault) >= {} ({})", decision.threshold(), decision.basis());
      return new FittedTraceModel(model, List.copyOf(outcomes), decision, List.copyOf(members));
    } catch (RuntimeException e) {
      members.forEach(Model::close);
      throw e;
    }
  }

  /** Scores of {@code data} (probabilities, then the anomaly score). */
  float[][] scores(TraceLstm net, LabelledTensors data) {
    return BlockScorer.scores(model, net, data, 64);
  }

  /** Verdicts on score rows: the decision rule, or the most probable class. */
  int[] verdicts(float[][] rows) {
    if (decision == null) {
      return BlockScorer.argMax(rows, 2);
    }
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][1] >= decision.threshold() ? 1 : 0;
    }
    return out;
  }

  /** Wall time of all members' training. */
  java.time.Duration elapsed() {
    return outcomes.stream()
        .map(ClassifierTrainer.Outcome::elapsed)
        .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
  }

  @Override
  public void close() {
    model.close();
    owned.forEach(Model::close);
  }
}
