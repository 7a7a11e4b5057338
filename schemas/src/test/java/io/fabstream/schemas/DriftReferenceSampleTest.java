package io.fabstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftReferenceSampleTest {

  @Test
  void aSampleSurvivesItsFile(@TempDir Path dir) {
    DriftReferenceSample sample =
        new DriftReferenceSample(
            List.of(Map.of("die_yield", 0.93), Map.of("die_yield", Double.NaN)),
            List.of(Map.of("class_mix", 8.0, "confidence", 0.991)),
            Set.of("class_mix"));
    Path file = dir.resolve(DriftReferenceSample.FILE);
    sample.write(file);
    DriftReferenceSample back = DriftReferenceSample.read(file);
    assertThat(back.inputs()).hasSize(2);
    assertThat(back.inputs().get(0)).containsEntry("die_yield", 0.93);
    assertThat(back.inputs().get(1).get("die_yield")).isNaN();
    assertThat(back.outputs().get(0)).containsEntry("class_mix", 8.0);
    assertThat(back.categorical()).containsExactly("class_mix");
  }

  @Test
  void calibrationEvidenceSurvivesItsFileAndABadRowIsRefused(@TempDir Path dir) throws Exception {
    DriftReferenceSample sample =
        new DriftReferenceSample(
            List.of(),
            List.of(),
            Set.of(),
            List.of(
                DriftReferenceSample.calibrationRow(0.97, true),
                DriftReferenceSample.calibrationRow(0.55, false)));
    Path file = dir.resolve(DriftReferenceSample.FILE);
    sample.write(file);
    DriftReferenceSample back = DriftReferenceSample.read(file);
    assertThat(back.calibration())
        .containsExactly(
            Map.of(DriftReferenceSample.CONFIDENCE, 0.97, DriftReferenceSample.CORRECT, 1.0),
            Map.of(DriftReferenceSample.CONFIDENCE, 0.55, DriftReferenceSample.CORRECT, 0.0));
    assertThat(new DriftReferenceSample(List.of(), List.of(), Set.of()).calibration()).isEmpty();

    Files.writeString(
        file,
        "# fabstream drift reference sample, format 1\ncalibration\tconfidence=0.9\tcorrect=0.5\n");
    assertThatThrownBy(() -> DriftReferenceSample.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("correct 0 or 1");
  }

  @Test
  void aBrokenLineIsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.tsv");
    Files.writeString(
        file,
        "# fabstream drift reference sample, format 1\ninputs\tdie_yield=0.9\ninputs\toops\n");
    assertThatThrownBy(() -> DriftReferenceSample.read(file))
        .hasMessageContaining("line 3")
        .hasMessageContaining("'oops' is not feature=value");
    Files.writeString(file, "wafer,yield\n");
    assertThatThrownBy(() -> DriftReferenceSample.read(file)).hasMessageContaining("no header");
  }

  @Test
  void theReservoirKeepsAUniformBoundedSample() {
    DriftReferenceSample.Reservoir r = new DriftReferenceSample.Reservoir(100, 7);
    for (int i = 0; i < 10_000; i++) {
      r.offer(Map.of("i", (double) i));
    }
    assertThat(r.seen()).isEqualTo(10_000);
    assertThat(r.sample()).hasSize(100);
    double mean = r.sample().stream().mapToDouble(m -> m.get("i")).average().orElseThrow();
    // a uniform sample of 0..9999 has mean 4999.5 with standard error about 290
    assertThat(mean).isBetween(4999.5 - 4 * 290, 4999.5 + 4 * 290);
  }
}
