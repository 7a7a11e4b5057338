package io.fabstream.inference.wafer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.inference.TestData;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.train.TrainingRun;
import io.fabstream.inference.train.TrainingSettings;
import io.fabstream.schemas.DriftReferenceSample;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wafer-cnn version published without a drift reference (as v1 and v2 were) is republished as the
 * next version with the same weights and the reference its training would have written, and only
 * from the data it was really trained and measured on.
 */
class WaferCnnReferenceBackfillTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final int LIMIT = 300;

  @TempDir Path registryDir;
  @TempDir Path staging;

  /** v1 trained for one step on real maps, then v2: its files without the reference. */
  private ModelRegistry registryWithAnOldStyleVersion(Path train, Path val) throws IOException {
    ModelRegistry registry = new ModelRegistry(registryDir);
    TrainingSettings quick =
        new TrainingSettings(1, 32, 2e-3f, 1, 7, 0, 0, true, 0f, -1, Duration.ofMinutes(5));
    TrainingRun run =
        WaferCnnTraining.run(
            new WaferCnnTraining.Settings(
                List.of(train), val, 32, 0.2, LIMIT, 1, false, quick, List.of()),
            registry,
            QUIET);
    for (String f :
        List.of(ModelManifest.ONNX_FILE, ModelManifest.DJL_FILE, ModelManifest.CARD_FILE)) {
      Files.copy(run.version().file(f), staging.resolve(f));
    }
    registry.publish(run.version().manifest().withFiles(Map.of()), staging);
    assertThat(registry.load(WaferCnnTraining.MODEL_NAME, 2).manifest().files())
        .doesNotContainKey(DriftReferenceSample.FILE);
    return registry;
  }

  @Test
  void anOldVersionIsRepublishedWithItsWeightsAndAReference() throws IOException {
    Path train = TestData.wm811k("wm811k_train01");
    Path val = TestData.wm811k("wm811k_val");
    ModelRegistry registry = registryWithAnOldStyleVersion(train, val);

    ModelVersion v3 =
        WaferCnnReferenceBackfill.publish(registry, 2, List.of(train), val, LIMIT, 1, true);

    assertThat(v3.manifest().version()).isEqualTo(3);
    assertThat(registry.loadPromoted(WaferCnnTraining.MODEL_NAME).tag()).isEqualTo("wafer-cnn:v3");
    ModelVersion v2 = registry.load(WaferCnnTraining.MODEL_NAME, 2);
    assertThat(Files.readAllBytes(v3.file(ModelManifest.DJL_FILE)))
        .isEqualTo(Files.readAllBytes(v2.file(ModelManifest.DJL_FILE)));
    assertThat(v3.manifest().metrics()).isEqualTo(v2.manifest().metrics());
    assertThat(v3.manifest().training()).containsEntry("republished_from_version", 2);
    assertThat(Files.readString(v3.file(ModelManifest.CARD_FILE)))
        .startsWith("# Model card: wafer-cnn v3")
        .contains("## Provenance")
        .contains("The weights of v2, unchanged");

    DriftReferenceSample reference = DriftReferenceSample.read(v3.file(DriftReferenceSample.FILE));
    assertThat(reference.inputs()).hasSize(LIMIT);
    assertThat(reference.outputs()).hasSize(LIMIT);
    assertThat(reference.calibration()).hasSize(LIMIT);
    double right =
        reference.calibration().stream()
            .mapToDouble(r -> r.get(DriftReferenceSample.CORRECT))
            .average()
            .orElseThrow();
    // the calibration evidence holds the card's own accuracy on the held-back maps
    assertThat(right).isCloseTo(v2.manifest().metrics().get("accuracy"), within(1e-9));
  }

  @Test
  void itRefusesOtherTrainingFilesAndAVersionThatHasAReference() throws IOException {
    Path train = TestData.wm811k("wm811k_train01");
    Path other = TestData.wm811k("wm811k_train10");
    Path val = TestData.wm811k("wm811k_val");
    ModelRegistry registry = registryWithAnOldStyleVersion(train, val);

    assertThatThrownBy(
            () ->
                WaferCnnReferenceBackfill.publish(
                    registry, 2, List.of(other), val, LIMIT, 1, false))
        .hasMessageContaining("was trained on")
        .hasMessageContaining("wm811k_train01");
    assertThatThrownBy(
            () ->
                WaferCnnReferenceBackfill.publish(
                    registry, 2, List.of(train), other, LIMIT, 1, false))
        .hasMessageContaining("its card says");
    assertThatThrownBy(
            () ->
                WaferCnnReferenceBackfill.publish(
                    registry, 1, List.of(train), val, LIMIT, 1, false))
        .hasMessageContaining("already carries " + DriftReferenceSample.FILE);
  }
}
