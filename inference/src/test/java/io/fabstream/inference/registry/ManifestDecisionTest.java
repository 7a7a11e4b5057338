package io.fabstream.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDecisionTest {

  private static ModelManifest manifest(List<String> labels, ModelManifest.Decision decision) {
    return new ModelManifest(
        "m", 1, null, null, null, List.of(), labels, null, null, null, null, null, decision);
  }

  @Test
  void withoutARuleTheMostProbableClassWins() {
    ModelManifest m = manifest(List.of("normal", "fault"), null);
    assertThat(m.classOf(new float[] {0.7f, 0.3f, 4.2f})).isZero();
    assertThat(m.classOf(new float[] {0.4f, 0.6f, 0.1f})).isOne();
  }

  @Test
  void aThresholdCallsThePositiveClassFromItsProbability() {
    ModelManifest m =
        manifest(List.of("normal", "fault"), new ModelManifest.Decision("fault", 0.2, "test"));
    assertThat(m.classesOf(new float[][] {{0.85f, 0.15f, 9f}, {0.8f, 0.2f, 0f}, {0.1f, 0.9f, 0f}}))
        .containsExactly(0, 1, 1);
  }

  @Test
  void belowItsThresholdThePositiveClassNeverWinsOnProbability() {
    // three classes, positive "b" at 0.6: a row where b is most probable but below 0.6 goes to
    // the most probable other class
    ModelManifest m =
        manifest(List.of("a", "b", "c"), new ModelManifest.Decision("b", 0.6, "test"));
    assertThat(m.classOf(new float[] {0.1f, 0.5f, 0.4f})).isEqualTo(2);
    assertThat(m.classOf(new float[] {0.3f, 0.5f, 0.2f})).isZero();
    assertThat(m.classOf(new float[] {0.1f, 0.6f, 0.3f})).isOne();
  }

  @Test
  void aRuleNeedsAThresholdInsideTheUnitInterval() {
    assertThatThrownBy(() -> new ModelManifest.Decision("fault", 1.0, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1)");
  }
}
