package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The model commands as a fab ML engineer types them, on a copy of the shipped registry and the
 * real data: train publishes a version, models lists, promotes and rolls back, evaluate ends with a
 * parsable RESULT line, a tampered file is refused, and bench models prints a row per engine and
 * batch.
 */
class ModelCommandsTest {

  private static final Path DATA =
      Path.of(System.getProperty("fabstream.shared.data", "../../shared/data"));
  private static final Path SHIPPED = Path.of(System.getProperty("fabstream.models", "../models"));

  @TempDir Path registry;

  @BeforeEach
  void copyShippedRegistry() throws IOException {
    assumeTrue(Files.isDirectory(DATA.resolve("wafer-traces")), "needs ../shared/data (CI has it)");
    try (Stream<Path> files = Files.walk(SHIPPED)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = registry.resolve(SHIPPED.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @Test
  void trainingPublishesANewVersionThatCanBePromotedAndRolledBack() {
    ModelRegistry models = new ModelRegistry(registry);
    int shipped = models.promotedVersion("trace-lstm");
    int next = models.nextVersion("trace-lstm");
    Run train =
        run(
            "train",
            "trace-lstm",
            "--data",
            traces(),
            "--models",
            registry.toString(),
            "--epochs",
            "2",
            "--folds",
            "0",
            "--hidden",
            "16");
    assertThat(train.code).as(train.err).isZero();
    Map<String, String> result = result(train.out);
    assertThat(result)
        .containsEntry("model", "trace-lstm")
        .containsEntry("version", String.valueOf(next));
    assertThat(result).containsKeys("accuracy", "macro_f1", "min_class_recall", "train_seconds");

    Run list = run("models", "list", "--models", registry.toString());
    assertThat(list.out).contains("trace-lstm", "v" + shipped, "v" + next, "wafer-cnn");
    assertThat(list.out.lines().filter(l -> l.matches("trace-lstm\\s.*") && l.contains(" * ")))
        .singleElement()
        .asString()
        .contains("v" + shipped);

    assertThat(
            run("models", "promote", "trace-lstm", "v" + next, "--models", registry.toString()).out)
        .contains("promoted trace-lstm v" + next);
    assertThat(run("models", "rollback", "trace-lstm", "--models", registry.toString()).out)
        .contains("rolled trace-lstm back to v" + shipped);
  }

  @Test
  void evaluateEndsWithAMachineReadableResultLine() {
    Run eval = run("evaluate", "trace-lstm", "--data", traces(), "--models", registry.toString());

    assertThat(eval.code).as(eval.err).isZero();
    String last = eval.out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).startsWith("RESULT ");
    Map<String, String> result = result(eval.out);
    assertThat(result)
        .containsEntry("model", "trace-lstm")
        .containsEntry(
            "version", String.valueOf(new ModelRegistry(registry).promotedVersion("trace-lstm")))
        .containsEntry("engine", "onnxruntime")
        .containsEntry("n", "298")
        .containsKeys("accuracy", "macro_f1", "min_class_recall", "recall_fault", "anomaly_auc");
    assertThat(Double.parseDouble(result.get("accuracy"))).isBetween(0.5, 1.0);
    assertThat(eval.out).contains("confusion matrix");
  }

  @Test
  void bothEnginesGiveTheSameEvaluation() {
    Map<String, String> ort =
        result(
            run("evaluate", "trace-lstm", "--data", traces(), "--models", registry.toString()).out);
    Map<String, String> djl =
        result(
            run(
                    "evaluate",
                    "trace-lstm",
                    "--data",
                    traces(),
                    "--models",
                    registry.toString(),
                    "--engine",
                    "djl-pytorch")
                .out);
    assertThat(djl.get("engine")).isEqualTo("djl-pytorch");
    assertThat(djl.get("accuracy")).isEqualTo(ort.get("accuracy"));
    assertThat(djl.get("recall_fault")).isEqualTo(ort.get("recall_fault"));
  }

  @Test
  void aTamperedModelIsRefusedWithAClearError() throws IOException {
    int promoted = new ModelRegistry(registry).promotedVersion("trace-lstm");
    Path onnx = registry.resolve("trace-lstm/v" + promoted).resolve(ModelManifest.ONNX_FILE);
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[bytes.length / 2] ^= 1;
    Files.write(onnx, bytes);

    Run eval = run("evaluate", "trace-lstm", "--data", traces(), "--models", registry.toString());

    assertThat(eval.code).isNotZero();
    assertThat(eval.err).contains("model.onnx", "SHA-256", "refusing to load it");
  }

  @Test
  void benchModelsPrintsOneResultPerEngineAndBatch() {
    Run bench =
        run(
            "bench",
            "models",
            "--model",
            "trace-lstm",
            "--batch",
            "1,8",
            "--seconds",
            "0.2",
            "--models",
            registry.toString(),
            "--data-dir",
            DATA.toString());

    assertThat(bench.code).as(bench.err).isZero();
    var rows = bench.out.lines().filter(l -> l.startsWith("RESULT bench=models")).toList();
    assertThat(rows).hasSize(4);
    assertThat(rows).anyMatch(r -> r.contains("engine=onnxruntime") && r.contains("batch=8"));
    assertThat(rows).anyMatch(r -> r.contains("engine=djl-pytorch") && r.contains("batch=1"));
    assertThat(rows).allMatch(r -> r.matches(".* items_per_s=\\d+ p50_ms=[\\d.]+ p99_ms=[\\d.]+"));
  }

  private static String traces() {
    return DATA.resolve("wafer-traces/wafer_mts_train.tsv.gz").toString();
  }

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FabstreamCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Map<String, String> result(String output) {
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("RESULT "))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no RESULT line in:\n" + output));
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String kv : line.substring("RESULT ".length()).split(" ")) {
      int eq = kv.indexOf('=');
      if (eq < 0) {
        throw new UncheckedIOException(new IOException("not key=value: " + kv));
      }
      pairs.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return pairs;
  }
}
