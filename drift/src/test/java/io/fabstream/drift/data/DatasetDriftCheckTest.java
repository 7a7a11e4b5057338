package io.fabstream.drift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetDriftCheckTest {

  /** {@code n} wafers of one campaign whose chamber pressure centres on {@code centre}. */
  private static List<DriftReplay.Observation> campaign(
      String name, int n, double centre, Random random) {
    List<DriftReplay.Observation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new DriftReplay.Observation(
              name + "-" + i,
              name,
              Map.of(
                  "4/Pressure", centre + random.nextGaussian(),
                  "4/RF Pwr", 100 + random.nextGaussian())));
    }
    return out;
  }

  @Test
  void aShiftedCampaignAlarmsAndAStableOneDoesNot() {
    Random random = new Random(3);
    List<DriftReplay.Observation> stream = new ArrayList<>(campaign("A", 40, 10, random));
    stream.addAll(campaign("B", 30, 20, random));

    DatasetDriftCheck.Result r =
        new DatasetDriftCheck(DataDriftConfig.defaults(), 20, 10).run(stream, 50, 1, () -> {});

    // windows: A 20-29, A 30-39, B, B, B
    assertThat(r.stream().windows()).hasSize(5);
    assertThat(r.stream().windows().get(0).onlyFrom("A")).isTrue();
    assertThat(r.changes()).hasSize(1);
    DatasetDriftCheck.Change b = r.changes().get(0);
    assertThat(b.segment()).isEqualTo("B");
    assertThat(b.windows()).isEqualTo(3);
    assertThat(b.alarmed()).isEqualTo(3);
    // the first window of B closes after ten of its wafers
    assertThat(b.delayFromStart()).isEqualTo(10);
    assertThat(b.delayFromPrevious()).isEqualTo(10);
    // A alone: two windows; B alone: one window; none alarms
    assertThat(r.stableWindows()).isEqualTo(3);
    assertThat(r.stableAlarms()).isZero();
    assertThat(r.permutedWindows()).isEqualTo(150);
    assertThat(r.permutedFalseAlarmRate()).isLessThan(0.05);
  }

  @Test
  void aSegmentThatComesBackIsRefused() {
    Random random = new Random(3);
    List<DriftReplay.Observation> stream = new ArrayList<>(campaign("A", 20, 10, random));
    stream.addAll(campaign("B", 10, 10, random));
    stream.addAll(campaign("A", 10, 10, random));

    assertThatThrownBy(
            () ->
                new DatasetDriftCheck(DataDriftConfig.defaults(), 20, 10)
                    .run(stream, 0, 1, () -> {}))
        .hasMessageContaining("segment A comes back after B");
  }

  @Test
  void aStreamShorterThanTheReferenceAndOneWindowIsRefused() {
    Random random = new Random(3);
    assertThatThrownBy(
            () ->
                new DriftReplay(new DataDriftCheck(DataDriftConfig.defaults()), 20, 10)
                    .replay(campaign("A", 25, 10, random)))
        .hasMessageContaining("at least 30 observations");
  }
}
