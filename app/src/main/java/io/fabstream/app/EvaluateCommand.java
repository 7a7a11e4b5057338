package io.fabstream.app;

import io.fabstream.inference.eval.ModelEvaluation;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.RunnerSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a model's card figures for any labelled file in the formats of ../shared/data. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a published model on a labelled file (WM-811K for wafer-cnn; wafer traces or LAM 9600"
            + " for trace-lstm). Ends with one RESULT line of key=value pairs.")
final class EvaluateCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "Model name: wafer-cnn or trace-lstm.")
  String model;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "Labelled data file.")
  Path data;

  @Option(names = "--version", description = "Version to evaluate (default: the promoted one).")
  Integer version;

  @Option(
      names = "--engine",
      defaultValue = "onnxruntime",
      description = "onnxruntime or djl-pytorch (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Inference threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--batch",
      defaultValue = "128",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Mixin ModelOptions models;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ModelRegistry registry = models.registry();
    ModelVersion v = version == null ? registry.loadPromoted(model) : registry.load(model, version);
    ModelEvaluation.Report report =
        ModelEvaluation.evaluate(
            v, new RunnerSettings(Engine.parse(engine), device, threads), data, batch);
    var out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%s on %s (%s, %s): %d items scored in %.2f s%n%n",
        v.tag(),
        data.getFileName(),
        report.engine(),
        report.device(),
        report.metrics().count(),
        report.seconds());
    out.print(report.metrics().table());
    out.println(report.resultLine());
    out.flush();
    return 0;
  }
}
