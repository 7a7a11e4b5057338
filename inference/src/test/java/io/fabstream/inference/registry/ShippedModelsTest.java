package io.fabstream.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.inference.TestData;
import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.inference.eval.ModelEvaluation;
import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.runtime.ModelRunners;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.inference.trace.TraceLstmTraining;
import io.fabstream.inference.trace.TraceRuns;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.ingest.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The models committed in {@code models/} are intact (every checksum verifies), promoted, carry a
 * card, and score their held-back data through ONNX Runtime with the figures their manifests claim:
 * the card is a measurement, not a claim.
 */
class ShippedModelsTest {

  private final ModelRegistry registry = new ModelRegistry(TestData.shippedModels());

  @Test
  void everyShippedModelIsPromotedVerifiedAndCarded() {
    List<String> shipped = List.of("wafer-cnn", "trace-lstm", "trace-lstm-etch-sim");
    assertThat(registry.names()).containsAll(shipped);
    for (String name : shipped) {
      ModelVersion v = registry.loadPromoted(name);
      assertThat(v.manifest().files())
          .containsKeys(ModelManifest.ONNX_FILE, ModelManifest.DJL_FILE, ModelManifest.CARD_FILE);
      assertThat(v.manifest().trainingData().sha256()).hasSize(64);
      assertThat(v.manifest().metrics()).containsKeys("accuracy", "macro_f1", "min_class_recall");
      assertThat(Files.exists(v.file(ModelManifest.CARD_FILE))).isTrue();
    }
  }

  @Test
  void waferCnnReproducesItsCardOnWm811kVal() {
    ModelVersion v = registry.loadPromoted("wafer-cnn");
    ModelEvaluation.Report report =
        ModelEvaluation.evaluate(
            v, RunnerSettings.cpu(Engine.ONNXRUNTIME), TestData.wm811k("wm811k_val"), 256);

    ClassificationMetrics m = report.metrics();
    assertThat(m.count()).isEqualTo(v.manifest().metrics().get("held_back_items").longValue());
    // ONNX Runtime and PyTorch may break a near-tie differently on a handful of maps
    assertThat(m.accuracy()).isCloseTo(v.manifest().metrics().get("accuracy"), within(m, 3));
    assertThat(m.macroF1()).isCloseTo(v.manifest().metrics().get("macro_f1"), within(m, 10));
  }

  @Test
  void traceLstmReproducesItsCardOnItsHeldBackFold() {
    ModelVersion v = registry.loadPromoted("trace-lstm");
    @SuppressWarnings("unchecked")
    List<String> heldBack = (List<String>) v.manifest().training().get("held_back_ids");
    LabelledTensors all = ModelEvaluation.inputs(v.manifest(), TestData.waferTraces());
    int[] indices =
        java.util.stream.IntStream.range(0, all.size())
            .filter(i -> heldBack.contains(all.ids().get(i)))
            .toArray();
    LabelledTensors fold = all.select(indices);

    try (ModelRunner runner = ModelRunners.open(v, RunnerSettings.cpu(Engine.ONNXRUNTIME))) {
      float[][] rows = DirectBatch.scoreAll(runner, fold, 32);
      ClassificationMetrics m =
          ClassificationMetrics.of(fold.classNames(), fold.labels(), v.manifest().classesOf(rows));

      assertThat(m.count()).isEqualTo(heldBack.size());
      assertThat(m.accuracy()).isEqualTo(v.manifest().metrics().get("accuracy"));
      assertThat(m.recall(1)).isEqualTo(v.manifest().metrics().get("recall.fault"));
    }
  }

  @Test
  void simulatedBayModelReproducesItsCardOnItsHeldBackFoldOfTheRegeneratedHistory() {
    ModelVersion v = registry.loadPromoted("trace-lstm-etch-sim");
    ModelManifest.Preprocessing p = v.manifest().preprocessing();
    assertThat(p.windowMode()).isEqualTo("STEP_ALIGNED");
    assertThat(p.stepProfiles())
        .containsOnlyKeys("stabilize", "breakthrough", "main_etch", "over_etch");
    SimulatorConfig bay = TraceLstmTraining.simulatedBay();
    int runsPerLot = bay.wafersPerLot() * bay.recipe().steps().size();
    int lots = v.manifest().trainingData().items() / runsPerLot;
    @SuppressWarnings("unchecked")
    List<String> heldBack = (List<String>) v.manifest().training().get("held_back_ids");
    java.util.Set<String> wanted = new java.util.HashSet<>(heldBack);
    TraceRuns history = TraceRuns.simulated(bay, lots);
    TraceRuns fold =
        new TraceRuns(
            history.sensors(),
            history.runs().stream().filter(r -> wanted.contains(r.id())).toList());
    LabelledTensors inputs = ModelEvaluation.inputs(v.manifest(), fold, "regenerated history");

    try (ModelRunner runner = ModelRunners.open(v, RunnerSettings.cpu(Engine.ONNXRUNTIME))) {
      float[][] rows = DirectBatch.scoreAll(runner, inputs, 64);
      ClassificationMetrics m =
          ClassificationMetrics.of(
              inputs.classNames(), inputs.labels(), v.manifest().classesOf(rows));

      assertThat(m.count()).isEqualTo(heldBack.size());
      // ONNX Runtime and PyTorch may break a near-tie differently on a handful of windows
      assertThat(m.accuracy()).isCloseTo(v.manifest().metrics().get("accuracy"), within(m, 2));
      assertThat(m.recall(1)).isGreaterThanOrEqualTo(0.6);
      assertThat(m.recall(0)).isGreaterThanOrEqualTo(0.98);
    }
  }

  private static org.assertj.core.data.Offset<Double> within(ClassificationMetrics m, int items) {
    return org.assertj.core.data.Offset.offset((double) items / m.count() + 1e-12);
  }
}
