package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fabstream bench pipeline}, shortened, on the real local broker, registry and MiniCluster
 * with the shipped models: it must drain its backlog exactly once (it throws otherwise), keep up at
 * the offered rate, and end with one parsable {@code RESULT} line per kind whose ratios are the
 * quotients of its own rates. It measures nothing for the record; the figures come from full runs
 * on an idle machine.
 */
class PipelineBenchITCase {

  private static final Path SHIPPED = Path.of(System.getProperty("fabstream.models", "../models"));

  @Test
  void benchPipelineEndsWithOneResultLinePerKind() {
    String out =
        captured(
            "bench",
            "pipeline",
            "--models",
            SHIPPED.toString(),
            "--records",
            "1500",
            "--rates",
            "0.3",
            "--seconds",
            "3");

    List<Map<String, String>> results =
        out.lines()
            .filter(l -> l.startsWith("RESULT kind="))
            .map(PipelineBenchITCase::pairs)
            .toList();
    assertThat(results).extracting(r -> r.get("kind")).containsExactly("wafer", "window");
    for (Map<String, String> r : results) {
      double sustained = Double.parseDouble(r.get("sustained_rps"));
      double raw = Double.parseDouble(r.get("raw_model_rps"));
      double baseline = Double.parseDouble(r.get("baseline_rps"));
      assertThat(sustained).as("sustained of %s", r).isPositive();
      assertThat(raw).isPositive();
      assertThat(baseline).isPositive();
      assertThat(Double.parseDouble(r.get("pipeline_vs_raw")))
          .isCloseTo(sustained / raw, within(0.006));
      assertThat(Double.parseDouble(r.get("pipeline_vs_baseline")))
          .isCloseTo(sustained / baseline, within(0.06));
      double p50 = Double.parseDouble(r.get("p50_ms_at_half"));
      double p99 = Double.parseDouble(r.get("p99_ms_at_half"));
      assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
      assertThat(r.get("threads")).isEqualTo("1");
    }
    assertThat(results.get(0).get("batch")).as("the CNN's default batch").isEqualTo("8");
    assertThat(results.get(1).get("batch")).as("the trace models' default batch").isEqualTo("16");
    assertThat(out).doesNotContain("   NO\n").contains("   yes");
  }

  /** Runs the command line with standard output captured (the bench prints there). */
  private static String captured(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = FabstreamCli.commandLine().execute(args);
    } finally {
      System.setOut(original);
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertThat(code).as("exit code; output:%n%s", out).isZero();
    return out;
  }

  private static Map<String, String> pairs(String line) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String kv : line.substring("RESULT ".length()).split(" ")) {
      int eq = kv.indexOf('=');
      assertThat(eq).as("key=value in %s", line).isPositive();
      pairs.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return pairs;
  }
}
