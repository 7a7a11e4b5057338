package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fabstream train} is reproducible the way a fab reruns it: two separate processes with the
 * same seed publish byte-identical DJL weights and ONNX graphs (one PyTorch thread), and another
 * seed gives other weights.
 */
class TrainReproducibilityTest {

  private static final Path DATA =
      Path.of(System.getProperty("fabstream.shared.data", "../../shared/data"));

  @TempDir Path dir;

  @Test
  void twoProcessesWithOneSeedPublishIdenticalFiles() throws Exception {
    Path traces = DATA.resolve("wafer-traces/wafer_mts_train.tsv.gz");
    assumeTrue(Files.exists(traces), "needs ../shared/data (CI has it)");

    JsonNode a = train(traces, dir.resolve("a"), 7);
    JsonNode b = train(traces, dir.resolve("b"), 7);
    JsonNode c = train(traces, dir.resolve("c"), 8);

    assertThat(b.get("model.djl.params").asText()).isEqualTo(a.get("model.djl.params").asText());
    assertThat(b.get("model.onnx").asText()).isEqualTo(a.get("model.onnx").asText());
    assertThat(c.get("model.djl.params").asText()).isNotEqualTo(a.get("model.djl.params").asText());
  }

  /** Runs the CLI in its own JVM and returns the published version's file hashes. */
  private static JsonNode train(Path traces, Path registry, long seed)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = Files.createTempFile(registry.getParent(), "train", ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    FabstreamCli.class.getName(),
                    "train",
                    "trace-lstm",
                    "--data",
                    traces.toString(),
                    "--models",
                    registry.toString(),
                    "--epochs",
                    "3",
                    "--folds",
                    "0",
                    "--hidden",
                    "16",
                    "--seed",
                    Long.toString(seed),
                    "--threads",
                    "1"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("training finished in time").isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    return new ObjectMapper()
        .readTree(registry.resolve("trace-lstm/v1/manifest.json").toFile())
        .get("files");
  }
}
