package io.fabstream.inference.wafer;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import io.fabstream.inference.djl.DjlEnvironment;
import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.inference.network.Network;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.registry.Sha256;
import io.fabstream.inference.train.BlockScorer;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.inference.train.ModelPublisher;
import io.fabstream.schemas.DriftReferenceSample;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Republishes a wafer-cnn version that was trained before versions carried a drift reference as the
 * next version: the same weights, plus the {@link DriftReferenceSample} its training would have
 * written (training-map profiles, held-back outputs, calibration evidence).
 *
 * <p>Retraining would take half an hour and, with two PyTorch threads, would not give the same
 * weights, so the card's figures would change for no reason. The sample needs only the files the
 * version was trained and measured on: the training files are checked against the manifest's
 * SHA-256 and the held-back file by reproducing the card's accuracy, so a reference can only be
 * attached from the data the version really saw.
 */
public final class WaferCnnReferenceBackfill {

  private static final Logger LOG = LoggerFactory.getLogger(WaferCnnReferenceBackfill.class);

  /** Scoring batch: the one training uses for its held-back figures. */
  private static final int BATCH = 256;

  private WaferCnnReferenceBackfill() {}

  /**
   * @param registry the registry holding {@code fromVersion}
   * @param fromVersion the version whose weights are republished
   * @param trainFiles the files it was trained on (checked against its manifest)
   * @param heldBackFile the file its card's metrics were measured on (checked by reproducing them)
   * @param limit read at most this many maps per file set (0 = all): the limit the version was
   *     trained and measured with
   * @param threads PyTorch threads
   * @param promote promote the new version
   * @return the new version
   */
  public static ModelVersion publish(
      ModelRegistry registry,
      int fromVersion,
      List<Path> trainFiles,
      Path heldBackFile,
      int limit,
      int threads,
      boolean promote) {
    ModelVersion from = registry.load(WaferCnnTraining.MODEL_NAME, fromVersion);
    ModelManifest m = from.manifest();
    if (m.files().containsKey(DriftReferenceSample.FILE)) {
      throw new IllegalArgumentException(
          from.tag() + " already carries " + DriftReferenceSample.FILE + "; nothing to add");
    }
    Map<String, String> given = Sha256.ofFiles(trainFiles);
    if (!given.equals(m.trainingData().files())) {
      throw new IllegalArgumentException(
          from.tag()
              + " was trained on "
              + m.trainingData().files()
              + " but the files given are "
              + given
              + "; a reference must come from the data the version was trained on");
    }
    DjlEnvironment.configure(threads);
    Network network = Network.of(m.architecture());
    try (Model model = Model.newInstance(WaferCnnTraining.MODEL_NAME)) {
      Block block = network.build();
      model.setBlock(block);
      try (InputStream in = Files.newInputStream(from.file(ModelManifest.DJL_FILE));
          DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
        block.loadParameters(model.getNDManager(), data);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + from.file(ModelManifest.DJL_FILE), e);
      } catch (MalformedModelException e) {
        throw new IllegalStateException(
            from.tag() + ": parameters do not fit " + m.architecture(), e);
      }
      LabelledTensors heldBack =
          Wm811kDataset.load(
              List.of(heldBackFile), new WaferMapTensor(m.preprocessing().grid()), limit);
      float[][] scores = BlockScorer.scores(model, network, heldBack, BATCH);
      ClassificationMetrics metrics =
          ClassificationMetrics.of(heldBack.classNames(), heldBack.labels(), m.classesOf(scores));
      Double card = m.metrics().get("accuracy");
      if (card == null || Math.abs(metrics.accuracy() - card) > 1e-9) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s gives accuracy %.6f on %s but its card says %s; is this the file its card was"
                    + " measured on?",
                from.tag(),
                metrics.accuracy(),
                heldBackFile.getFileName(),
                card));
      }
      long seed =
          m.training().get("seed") instanceof Number n
              ? n.longValue()
              : WaferCnnTraining.defaults().seed();
      DriftReferenceSample reference =
          WaferCnnTraining.driftReference(trainFiles, limit, seed, scores, heldBack.labels());
      Map<String, Object> training = new LinkedHashMap<>(m.training());
      training.put("republished_from_version", fromVersion);
      ModelManifest draft =
          new ModelManifest(
              m.name(),
              0,
              Instant.now(),
              m.architecture(),
              m.input(),
              m.outputColumns(),
              m.labels(),
              m.preprocessing(),
              m.trainingData(),
              m.metrics(),
              training,
              Map.of(),
              m.decision());
      String card2 = card(from, reference, metrics, heldBackFile);
      ModelVersion published =
          ModelPublisher.publish(registry, network, model, draft, card2, reference, promote);
      LOG.info(
          "republished {} as {} with a drift reference of {} inputs, {} outputs, {} calibration"
              + " rows",
          from.tag(),
          published.tag(),
          reference.inputs().size(),
          reference.outputs().size(),
          reference.calibration().size());
      return published;
    }
  }

  /** The old card under the new version's title, with where the version came from. */
  private static String card(
      ModelVersion from,
      DriftReferenceSample reference,
      ClassificationMetrics reproduced,
      Path heldBackFile) {
    String old;
    try {
      old = Files.readString(from.file(ModelManifest.CARD_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + from.file(ModelManifest.CARD_FILE), e);
    }
    int firstLine = old.indexOf('\n');
    String title = "# Model card: " + from.manifest().name() + " v{{VERSION}}";
    String provenance =
        String.format(
            Locale.ROOT,
            "%n%n## Provenance%n%nThe weights of v%d, unchanged (its `%s` has SHA-256 `%s`),"
                + " republished with a drift reference sample (`%s`): profiles of %d training"
                + " maps, the class and confidence of %d held-back maps, and %d held-back verdicts"
                + " with whether each was right, from which the drift apps calibrate the"
                + " label-free accuracy estimate. Re-scoring %s reproduced the card's accuracy"
                + " (%.4f). Made with `fabstream models add-reference wafer-cnn --version %d"
                + " --data ../shared/data/wm811k`.",
            from.manifest().version(),
            ModelManifest.DJL_FILE,
            from.manifest().files().get(ModelManifest.DJL_FILE),
            DriftReferenceSample.FILE,
            reference.inputs().size(),
            reference.outputs().size(),
            reference.calibration().size(),
            heldBackFile.getFileName(),
            reproduced.accuracy(),
            from.manifest().version());
    int paragraph = old.indexOf("\n\n", firstLine + 2);
    String body = old.substring(firstLine);
    if (paragraph > 0) {
      return title + old.substring(firstLine, paragraph) + provenance + old.substring(paragraph);
    }
    return title + body + provenance;
  }
}
