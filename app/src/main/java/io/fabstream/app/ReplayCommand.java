package io.fabstream.app;

import io.fabstream.ingest.replay.DatasetKind;
import io.fabstream.ingest.replay.DatasetReplay;
import io.fabstream.ingest.replay.KafkaReplaySink;
import io.fabstream.ingest.replay.ReplayConfig;
import io.fabstream.ingest.replay.ReplaySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Replays a real public fab dataset into Kafka, labels delayed, with a progress bar. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Replay a real dataset (wm811k, wafer-traces, lam9600, secom) into the raw topics, its labels"
            + " into fab.ground-truth after --label-delay.")
final class ReplayCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--dataset",
      required = true,
      description = "wm811k, wafer-traces, lam9600 or secom.")
  String dataset;

  @Option(
      names = "--data",
      required = true,
      description =
          "The dataset's file or folder, e.g. ../shared/data/wm811k/wm811k_train01.txt.gz or"
              + " ../shared/data/secom.")
  Path data;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Records per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--label-delay",
      converter = DurationConverter.class,
      defaultValue = "10m",
      description = "Event time between a record and its label (default: ${DEFAULT-VALUE}).")
  Duration labelDelay;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Replay at most this many wafers; 0 = all (default: ${DEFAULT-VALUE}).")
  long limit;

  @Override
  public Integer call() {
    DatasetKind kind;
    try {
      kind = DatasetKind.parse(dataset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!Files.exists(data)) {
      throw new ParameterException(spec.commandLine(), "--data " + data + " does not exist");
    }
    ReplayConfig config = new ReplayConfig(kind, data, rate, labelDelay, limit);
    AtomicBoolean running = new AtomicBoolean(true);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
    try (KafkaReplaySink sink = new KafkaReplaySink(kafka.bootstrap, kafka.registry)) {
      ReplaySummary summary = new DatasetReplay(config).run(sink, running::get);
      sink.flush();
      double secs = Math.max(1e-3, summary.elapsed().toMillis() / 1000.0);
      System.out.printf(
          "replayed %s: %d wafers, %d maps, %d samples, %d labels in %.1f s (%.0f records/s)%n",
          kind,
          summary.wafers(),
          summary.waferMaps(),
          summary.traceSamples(),
          summary.labels(),
          secs,
          summary.records() / secs);
      System.out.println("acknowledged: " + sink.summary());
    }
    return 0;
  }
}
