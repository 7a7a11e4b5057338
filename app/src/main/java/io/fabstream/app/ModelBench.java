package io.fabstream.app;

import io.fabstream.inference.eval.ModelEvaluation;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.runtime.ModelRunners;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.ingest.replay.DatasetKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Throughput and per-batch latency of the promoted models on each engine and batch size, measured
 * in one run so the engine ratios come from the same machine state. Inputs are real maps and runs
 * when the shared data is there (the networks' cost does not depend on the values, so seeded random
 * inputs of the same shape stand in otherwise).
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "Model throughput (items/s) and batch latency p50/p99 per engine and batch size; one RESULT line per row.")
final class ModelBench implements Callable<Integer> {

  @Option(
      names = "--model",
      split = ",",
      defaultValue = "wafer-cnn,trace-lstm",
      description = "Models (default: ${DEFAULT-VALUE}).")
  List<String> modelNames;

  @Option(
      names = "--engine",
      split = ",",
      defaultValue = "onnxruntime,djl-pytorch",
      description = "Engines (default: ${DEFAULT-VALUE}).")
  List<String> engines;

  @Option(
      names = "--batch",
      split = ",",
      defaultValue = "1,8,32,128",
      description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(
      names = "--seconds",
      defaultValue = "4",
      description = "Measured seconds per row, after 1 s of warm-up (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Inference threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--data-dir",
      defaultValue = "../shared/data",
      description = "Shared data for real inputs (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Mixin ModelOptions models;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    ModelRegistry registry = models.registry();
    out.printf(
        Locale.ROOT,
        "%-12s %-12s %-24s %6s %12s %10s %10s%n",
        "model",
        "engine",
        "device",
        "batch",
        "items/s",
        "p50 ms",
        "p99 ms");
    List<String> results = new ArrayList<>();
    for (String name : modelNames) {
      ModelVersion version = registry.loadPromoted(name);
      LabelledTensors inputs = inputs(version, 512);
      for (String e : engines) {
        Engine engine = Engine.parse(e);
        try (ModelRunner runner =
            ModelRunners.open(version, new RunnerSettings(engine, device, threads))) {
          for (int batch : batches) {
            Row row = measure(runner, inputs, batch);
            out.printf(
                Locale.ROOT,
                "%-12s %-12s %-24s %6d %12.0f %10.3f %10.3f%n",
                name,
                engine.id(),
                runner.device(),
                batch,
                row.itemsPerSecond,
                row.p50Millis,
                row.p99Millis);
            out.flush();
            results.add(
                String.format(
                    Locale.ROOT,
                    "RESULT bench=models model=%s version=%d engine=%s device=%s threads=%d batch=%d items_per_s=%.0f p50_ms=%.3f p99_ms=%.3f",
                    name,
                    version.manifest().version(),
                    engine.id(),
                    runner.device().replace(' ', '_'),
                    threads,
                    batch,
                    row.itemsPerSecond,
                    row.p50Millis,
                    row.p99Millis));
          }
        }
      }
    }
    results.forEach(out::println);
    out.flush();
    return 0;
  }

  record Row(double itemsPerSecond, double p50Millis, double p99Millis) {}

  private Row measure(ModelRunner runner, LabelledTensors inputs, int batch) {
    DirectBatch buffers = new DirectBatch(batch, inputs.itemSize(), runner.outputSize());
    for (int i = 0; i < batch; i++) {
      buffers.put(i, inputs.inputs().get(i % inputs.size()));
    }
    long warmUntil = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      runner.run(buffers.input(), batch, inputs.shape(), buffers.output());
    }
    long[] latencies = new long[1 << 16];
    int calls = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now = start;
    int offset = 0;
    while (now < end && calls < latencies.length) {
      for (int i = 0; i < batch; i++) {
        buffers.put(i, inputs.inputs().get((offset + i) % inputs.size()));
      }
      offset += batch;
      long t0 = System.nanoTime();
      runner.run(buffers.input(), batch, inputs.shape(), buffers.output());
      now = System.nanoTime();
      latencies[calls++] = now - t0;
    }
    double elapsed = (now - start) / 1e9;
    long[] sorted = Arrays.copyOf(latencies, calls);
    Arrays.sort(sorted);
    return new Row(
        (double) calls * batch / elapsed,
        sorted[(int) Math.min(calls - 1, Math.floor(0.50 * calls))] / 1e6,
        sorted[(int) Math.min(calls - 1, Math.floor(0.99 * calls))] / 1e6);
  }

  private LabelledTensors inputs(ModelVersion version, int limit) {
    String kind = version.manifest().preprocessing().kind();
    Path file =
        kind.equals("wafer-grid")
            ? dataDir.resolve("wm811k/wm811k_train01.txt.gz")
            : DatasetKind.WAFER_TRACES.defaultPath(dataDir);
    if (Files.isRegularFile(file)) {
      try {
        LabelledTensors all = ModelEvaluation.inputs(version.manifest(), file);
        int n = Math.min(limit, all.size());
        return all.select(java.util.stream.IntStream.range(0, n).toArray());
      } catch (IllegalArgumentException wrongSensors) {
        spec.commandLine()
            .getErr()
            .println("bench: " + wrongSensors.getMessage() + "; using random inputs");
      }
    }
    List<Long> shape =
        new ArrayList<>(
            version
                .manifest()
                .input()
                .shape()
                .subList(1, version.manifest().input().shape().size()));
    for (int i = 0; i < shape.size(); i++) {
      if (shape.get(i) < 0) {
        shape.set(i, (long) version.manifest().preprocessing().length());
      }
    }
    long[] itemShape = shape.stream().mapToLong(Long::longValue).toArray();
    int size = (int) Arrays.stream(itemShape).reduce(1, (a, b) -> a * b);
    Random random = new Random(1);
    List<float[]> items = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      float[] x = new float[size];
      for (int j = 0; j < size; j++) {
        x[j] = random.nextFloat();
      }
      items.add(x);
    }
    return new LabelledTensors(
        itemShape,
        items,
        new int[limit],
        java.util.Collections.nCopies(limit, "random"),
        version.manifest().labels());
  }
}
