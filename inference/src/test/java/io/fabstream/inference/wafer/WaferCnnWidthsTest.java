package io.fabstream.inference.wafer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code train wafer-cnn --widths}: a thinner network for the same grid, or a clear refusal. */
class WaferCnnWidthsTest {

  private static WaferCnnTraining.Settings settings(int grid, List<Integer> widths) {
    return new WaferCnnTraining.Settings(
        List.of(Path.of("train.txt.gz")),
        Path.of("val.txt.gz"),
        grid,
        0.1,
        0,
        1,
        false,
        WaferCnnTraining.defaults(),
        widths);
  }

  @Test
  void noWidthsMeansTheStandardNetworkOfTheGrid() {
    assertThat(settings(64, List.of()).network()).isEqualTo(WaferCnn.standard(64));
  }

  @Test
  void thinnerStagesKeepTheGridAndTheDropout() {
    WaferCnn thin = settings(64, List.of(8, 16, 32, 64)).network();
    assertThat(thin.grid()).isEqualTo(64);
    assertThat(thin.widths()).containsExactly(8, 16, 32, 64);
    assertThat(thin.dropout()).isEqualTo(WaferCnn.standard(64).dropout());
  }

  @Test
  void stagesThatDoNotEndAtFourByFourAreRefused() {
    assertThatThrownBy(() -> settings(64, List.of(8, 16, 32)).network())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not end at 4x4");
  }
}
