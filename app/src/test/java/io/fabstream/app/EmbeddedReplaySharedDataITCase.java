package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.ingest.replay.DatasetKind;
import io.fabstream.ingest.replay.DatasetReplay;
import io.fabstream.ingest.replay.KafkaReplaySink;
import io.fabstream.ingest.replay.ReplayConfig;
import io.fabstream.ingest.replay.ReplaySummary;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data through the embedded run, the way a user scores it: {@code fabstream run --no-simulator
 * --trace-model trace-lstm} plus {@code fabstream replay} of WM-811K maps and Olszewski wafer
 * traces. Every replayed map that passes validation is scored once, and the traces become windows
 * the real-data trace model scores, with no sample late.
 */
class EmbeddedReplaySharedDataITCase {

  private static final Path SHARED =
      Path.of(System.getProperty("fabstream.shared.data", "../../shared/data"));
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void replayedRealMapsAndTracesAreScoredByTheRealDataModels(@TempDir Path dir) throws Exception {
    EmbeddedPipeline.Settings settings =
        new EmbeddedPipeline.Settings(
            dir,
            0,
            0,
            0,
            null,
            1,
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            ModelOptions.defaultRoot(),
            "trace-lstm");
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings);
        KafkaReplaySink sink =
            new KafkaReplaySink(pipeline.bootstrapServers(), pipeline.registryUrl())) {
      ReplaySummary maps =
          new DatasetReplay(
                  ReplayConfig.asFastAsPossible(
                          DatasetKind.WM811K, SHARED.resolve("wm811k/wm811k_val.txt.gz"))
                      .withLimit(60),
                  QUIET)
              .run(sink);
      ReplaySummary traces =
          new DatasetReplay(
                  ReplayConfig.asFastAsPossible(
                          DatasetKind.WAFER_TRACES, DatasetKind.WAFER_TRACES.defaultPath(SHARED))
                      .withLimit(12),
                  QUIET)
              .run(sink);
      assertThat(maps.waferMaps()).isEqualTo(60);
      assertThat(traces.traceSamples()).isPositive();

      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                Map<String, Long> totals = pipeline.summary().totals();
                assertThat(totals.get("valid samples")).isEqualTo(traces.traceSamples());
                assertThat(totals.get("valid maps")).isPositive();
                assertThat(totals.get("wafer predictions"))
                    .as("every replayed map that passed validation, scored once")
                    .isEqualTo(totals.get("valid maps"));
                assertThat(totals.get("window predictions"))
                    .as("the replayed runs' windows, scored by the Olszewski-trained trace-lstm")
                    .isGreaterThanOrEqualTo(11);
              });
      Map<String, Long> totals = pipeline.summary().totals();
      assertThat(totals.get("late samples")).as("no simulator clock to fall behind").isZero();
      assertThat(totals.get("valid maps") + totals.get("dead-lettered")).isEqualTo(60);
      assertThat(totals).doesNotContainKey("maps in");
      assertThat(
              pipeline.predictions().classMix().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(totals.get("wafer predictions"));
    }
  }
}
