package io.fabstream.ingest.replay;

import static io.fabstream.ingest.replay.Wm811kFile.wm811k;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelSource;
import io.fabstream.schemas.WaferMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReplayTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @Test
  void labelsComeAfterTheirWaferAndAreObservedAfterTheDelay() throws IOException {
    Path file =
        wm811k(dir).wafer(100, "Scratch").wafer(101, "none").wafer(130, "Edge-Ring").write();
    RecordingSink sink = new RecordingSink();

    ReplaySummary summary =
        replay(new ReplayConfig(DatasetKind.WM811K, file, 0, Duration.ofMinutes(5), 0), sink);

    assertThat(summary.wafers()).isEqualTo(3);
    assertThat(summary.labels()).isEqualTo(3);
    assertThat(sink.labels)
        .extracting(GroundTruth::getLabel)
        .containsExactly("Scratch", "none", "Edge-Ring");
    for (GroundTruth label : sink.labels) {
      WaferMap map =
          sink.maps.stream()
              .filter(m -> m.getWaferId().equals(label.getSubjectId()))
              .findFirst()
              .orElseThrow();
      assertThat(sink.sequence.indexOf(label)).isGreaterThan(sink.sequence.indexOf(map));
      assertThat(label.getObservedAt()).isEqualTo(map.getInspectedAt().plus(Duration.ofMinutes(5)));
      assertThat(label.getSubjectTime()).isEqualTo(map.getInspectedAt());
      assertThat(label.getLabelSource()).isEqualTo(LabelSource.DATASET);
    }
    assertThat(sink.sequence.indexOf(sink.labels.get(1)))
        .as("wafer 101's label waits until wafer 130, half an hour later, is inspected")
        .isGreaterThan(sink.sequence.indexOf(sink.maps.get(2)));
    assertThat(sink.flushes).isEqualTo(1);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("replay wm811k");
  }

  @Test
  void lotsAreBlocksOf25AggIndices() throws IOException {
    Path file = wm811k(dir).wafer(24, "none").wafer(25, "none").wafer(49, "Loc").write();
    RecordingSink sink = new RecordingSink();

    replay(ReplayConfig.asFastAsPossible(DatasetKind.WM811K, file), sink);

    assertThat(sink.maps)
        .extracting(WaferMap::getLot)
        .containsExactly("wm811k-L00000", "wm811k-L00001", "wm811k-L00001");
    assertThat(sink.maps).extracting(WaferMap::getSlot).containsExactly(25, 1, 25);
  }

  @Test
  void limitStopsAfterThatManyWafers() throws IOException {
    Path file = wm811k(dir).wafer(1, "none").wafer(2, "Loc").wafer(3, "Center").write();
    RecordingSink sink = new RecordingSink();

    ReplaySummary summary =
        replay(ReplayConfig.asFastAsPossible(DatasetKind.WM811K, file).withLimit(2), sink);

    assertThat(summary.wafers()).isEqualTo(2);
    assertThat(sink.maps).hasSize(2);
    assertThat(sink.labels).hasSize(2);
  }

  @Test
  void rateSpreadsRecordsOverWallClockTime() throws IOException {
    Wm811kFile wafers = wm811k(dir);
    for (int i = 0; i < 11; i++) {
      wafers.wafer(i, "none");
    }
    Path file = wafers.write();

    ReplaySummary summary =
        replay(
            ReplayConfig.asFastAsPossible(DatasetKind.WM811K, file).withRate(50),
            new RecordingSink());

    assertThat(summary.waferMaps()).isEqualTo(11);
    assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void malformedLineNamesFileAndLine() throws IOException {
    Path file = wm811k(dir).wafer(1, "none").line("2\ttest\t8\tnone\t3\t3\t0101").write();

    assertThatThrownBy(
            () ->
                replay(
                    ReplayConfig.asFastAsPossible(DatasetKind.WM811K, file), new RecordingSink()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wm811k_test.txt line 3")
        .hasMessageContaining("expected 3x3");
  }

  @Test
  void configRejectsImpossibleSettings() {
    Path file = dir.resolve("x");
    assertThatThrownBy(() -> new ReplayConfig(DatasetKind.SECOM, file, -1, Duration.ZERO, 0))
        .hasMessageContaining("ratePerSecond must be >= 0");
    assertThatThrownBy(
            () -> new ReplayConfig(DatasetKind.SECOM, file, 0, Duration.ofSeconds(-1), 0))
        .hasMessageContaining("labelDelay must not be negative");
    assertThatThrownBy(() -> new ReplayConfig(DatasetKind.SECOM, file, 0, Duration.ZERO, -3))
        .hasMessageContaining("limit must be >= 0");
    assertThat(DatasetKind.parse("wafer-traces")).isEqualTo(DatasetKind.WAFER_TRACES);
    assertThatThrownBy(() -> DatasetKind.parse("mnist"))
        .hasMessageContaining("unknown dataset 'mnist'");
  }

  private ReplaySummary replay(ReplayConfig config, RecordingSink sink) {
    return new DatasetReplay(config, new PrintStream(progress, true, StandardCharsets.UTF_8))
        .run(sink);
  }
}
