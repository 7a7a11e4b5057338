package io.fabstream.app;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.lot.LotTrackingConfig;
import io.fabstream.features.mts.MtsWindowConfig;
import io.fabstream.features.mts.SensorReference;
import io.fabstream.features.runtime.LocalFeatureJobs;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the Flink feature jobs in this process against any Kafka, for a fab that has Kafka and a
 * registry but no Flink cluster (with one, submit the features job jar instead).
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description =
        "Run the Flink feature jobs (MTS windows, lot tracking) on a local MiniCluster against"
            + " --bootstrap/--registry, printing committed outputs once a second, until Ctrl-C.")
final class FeaturesCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--mode",
      defaultValue = "BOTH",
      description = "Windows to emit: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  MtsWindowConfig.Mode mode;

  @Option(
      names = "--window",
      defaultValue = "60",
      description = "T, samples per window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--stride",
      defaultValue = "10",
      description = "Samples between sliding windows (default: ${DEFAULT-VALUE}).")
  int stride;

  @Option(
      names = "--max-gap",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "Longer gaps end a sequence; shorter ones are filled (default: ${DEFAULT-VALUE}).")
  Duration maxGap;

  @Option(
      names = "--reference",
      description = "Sensor reference JSON fixing the window columns (default: none).")
  Path reference;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of each job (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Checkpoint (and output commit) interval (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--checkpoint-dir",
      defaultValue = ".fabstream/checkpoints",
      description = "Where checkpoints are kept (default: ${DEFAULT-VALUE}).")
  Path checkpointDir;

  @Override
  public Integer call() throws Exception {
    MtsWindowConfig mts =
        MtsWindowConfig.defaults().withMode(mode).withWindow(window, stride).withGaps(maxGap, null);
    if (reference != null) {
      mts = mts.withReference(SensorReference.read(reference));
    }
    TopicAdmin.ensureTopics(kafka.bootstrap, TopicCatalog.all());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "features-stop"));
    try (LocalFeatureJobs jobs =
            LocalFeatureJobs.start(
                new LocalFeatureJobs.Settings(
                    FlinkKafkaSettings.of(kafka.bootstrap, kafka.registry, "fabstream"),
                    mts,
                    LotTrackingConfig.defaults(),
                    checkpointInterval,
                    checkpointDir,
                    parallelism));
        FeatureOutputs outputs = new FeatureOutputs(kafka.bootstrap, kafka.registry)) {
      LiveSummary summary =
          new LiveSummary()
              .counter("windows", outputs::windows)
              .counter("late samples", outputs::lateSamples)
              .counter("lots closed", outputs::lotsClosed);
      System.out.println("feature jobs running: " + jobs.status() + ". Ctrl-C to stop.");
      while (!stop.await(1, TimeUnit.SECONDS)) {
        summary.print(System.out);
      }
    }
    return 0;
  }
}
