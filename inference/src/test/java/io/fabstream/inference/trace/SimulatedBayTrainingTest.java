package io.fabstream.inference.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.train.TrainingRun;
import io.fabstream.inference.train.TrainingSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train trace-lstm --simulated-lots}: a bay model learns from the simulator's labelled step
 * history and ships what the scorer needs to read only step-aligned windows of its recipe.
 */
class SimulatedBayTrainingTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path registryDir;

  @Test
  void aBayModelShipsStepProfilesAndReadsOnlyStepAlignedWindows() throws Exception {
    TrainingSettings quick =
        new TrainingSettings(2, 16, 3e-3f, 2, 7, 0, 0, true, 0.2f, 0, Duration.ofMinutes(5));
    TrainingRun run =
        TraceLstmTraining.run(
            new TraceLstmTraining.Settings(
                null, 2, false, "bay", 60, 8, "lstm", 1, 0.2, 0.2, 1, true, 0, quick),
            new ModelRegistry(registryDir),
            QUIET);

    ModelManifest m = run.version().manifest();
    assertThat(m.trainingData().dataset()).isEqualTo("simulated-etch-bay");
    assertThat(m.trainingData().items()).as("2 lots x 25 wafers x 4 steps").isEqualTo(200);
    ModelManifest.Preprocessing p = m.preprocessing();
    assertThat(p.windowMode()).isEqualTo("STEP_ALIGNED");
    assertThat(p.clip()).isEqualTo(TraceLstmTraining.STEP_CLIP);
    assertThat(p.stepProfiles())
        .containsOnlyKeys("stabilize", "breakthrough", "main_etch", "over_etch");
    assertThat(p.stepProfiles().get("main_etch").mean()).hasSize(60 * 20);
    assertThat(p.sensors()).hasSize(20);
    String card = Files.readString(run.version().file(ModelManifest.CARD_FILE));
    assertThat(card)
        .contains("Synthetic data", "--simulated-lots 2 --name bay")
        .doesNotContain("Olszewski, \"Generalized");
  }

  @Test
  void trainingNeedsExactlyOneSource() {
    TrainingSettings quick = TraceLstmTraining.simulatedBayDefaults();
    assertThatThrownBy(
            () ->
                new TraceLstmTraining.Settings(
                    null, 0, false, "bay", 60, 8, "lstm", 1, 0.2, 0.2, 1, true, 0, quick))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("either a trace file (--data) or the simulated bay's history");
    assertThatThrownBy(
            () ->
                new TraceLstmTraining.Settings(
                    Path.of("traces.tsv"),
                    3,
                    false,
                    "bay",
                    60,
                    8,
                    "lstm",
                    1,
                    0.2,
                    0.2,
                    1,
                    true,
                    0,
                    quick))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
