package io.fabstream.app;

import io.fabstream.drift.dispatch.EndpointsFile;
import io.fabstream.ingest.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The embedded run: the whole pipeline on this machine with a live summary line per second. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the whole pipeline embedded (Kafka broker, schema registry, validation, Flink feature"
            + " and scoring jobs, fab simulator) and print what flows once a second, until Ctrl-C or"
            + " --duration.")
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long (e.g. 60s, 5m); default: run until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--data-dir",
      description = "Keep broker and state data here; default: a temporary folder removed at exit.")
  Path dataDir;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--speed-up",
      defaultValue = "60",
      description =
          "Simulated fab time per wall-clock time (default: ${DEFAULT-VALUE}, so the first lots"
              + " reach inspection within a minute).")
  double speedUp;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "Flink checkpoint interval; feature outputs become visible on each checkpoint (default:"
              + " ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--kafka-port",
      defaultValue = "0",
      description = "Kafka client port (default: any free port).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "Schema registry port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int registryPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "9464",
      description = "Prometheus /metrics port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int metricsPort;

  @Option(
      names = "--flink-metrics-ports",
      defaultValue = "9250-9259",
      description =
          "Ports of Flink's Prometheus reporter: each embedded Flink job (MTS windows, lot"
              + " tracking, wafer and window scoring) serves its metrics on the next free one"
              + " (default: ${DEFAULT-VALUE}; 'none' = no reporter).")
  String flinkMetricsPorts;

  @Option(
      names = "--no-simulator",
      description =
          "Run the pipeline without the simulator and score what is published to it, e.g. real"
              + " data from 'fabstream replay --bootstrap ... --registry ...' (printed at start).")
  boolean noSimulator;

  @Option(
      names = "--trace-model",
      defaultValue = EmbeddedPipeline.Settings.SIMULATED_BAY_TRACE_MODEL,
      description =
          "Registry name of the model that scores sensor windows (default: ${DEFAULT-VALUE}, trained"
              + " on the simulated bay's history, the only model that reads its sensors; use"
              + " trace-lstm when replaying the Olszewski wafer traces).")
  String traceModel;

  @Option(
      names = "--inject-drift-at",
      converter = DurationConverter.class,
      description =
          "Shift a sensor this long after the start (e.g. 2m): the first etch chamber's pressure"
              + " gauge reads 8 sigmas high, the wafers stay good; the drift apps should raise an"
              + " alert and a retraining request.")
  Duration injectDriftAt;

  @Option(
      names = "--endpoints",
      paramLabel = "FILE",
      description =
          "Deliver alerts and retraining requests to the webhooks, Airflow and Kubeflow endpoints"
              + " of this properties file (as 'fabstream dispatch' does; see README), through an"
              + " outbox in the data directory; default: only to their Kafka topics.")
  Path endpoints;

  @Option(
      names = "--panels-jdbc",
      paramLabel = "URL|local",
      description =
          "Also write what Grafana's panels show to this PostgreSQL (or TimescaleDB) database;"
              + " 'local' starts a PostgreSQL server from the host's binaries in the data"
              + " directory (Debian: apt-get install postgresql). Default: no panel store.")
  String panelsJdbc;

  @Mixin PanelStoreOptions panelStore = new PanelStoreOptions();

  @Mixin ModelOptions modelOptions = new ModelOptions();

  @Override
  public Integer call() throws Exception {
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("fabstream-run-") : dataDir;
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    stopped.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "fabstream-stop"));
    EmbeddedPipeline.Settings settings =
        new EmbeddedPipeline.Settings(
            dir,
            kafkaPort,
            registryPort,
            metricsPort,
            noSimulator ? null : SimulatorConfig.defaults().withSeed(seed),
            speedUp,
            duration,
            checkpointInterval,
            modelOptions.dir(),
            traceModel,
            injectDriftAt,
            new EmbeddedPipeline.Settings.Operations(
                endpoints == null ? List.of() : EndpointsFile.read(endpoints),
                "none".equals(flinkMetricsPorts) ? null : flinkMetricsPorts,
                panelsJdbc,
                panelStore.user,
                panelStore.password(),
                panelStore.retention));
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings)) {
      System.out.printf(
          "fabstream embedded run: Kafka %s | registry %s | live page http://127.0.0.1:%d/ |"
              + " metrics http://127.0.0.1:%d/metrics%n",
          pipeline.bootstrapServers(),
          pipeline.registryUrl(),
          pipeline.metricsPort(),
          pipeline.metricsPort());
      if (pipeline.panelsJdbcUrl() != null) {
        System.out.println("panel store: " + pipeline.panelsJdbcUrl());
      }
      if (settings.operations().flinkMetricsPorts() != null) {
        System.out.printf(
            "Flink job metrics: http://127.0.0.1:{%s}/metrics (one port per job)%n",
            settings.operations().flinkMetricsPorts());
      }
      long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < deadline && !stop.await(1, TimeUnit.SECONDS)) {
        pipeline.summary().print(System.out);
      }
      if (!pipeline.stopSimulatorAndDrain(Duration.ofSeconds(20))) {
        System.out.println("validation had not caught up with the simulator after 20 s");
      }
      pipeline.summary().print(System.out);
      System.out.println("totals: " + pipeline.summary().totals());
      System.out.println(pipeline.predictions().report());
      pipeline.drift().report().forEach(System.out::println);
      if (pipeline.dispatcher() != null) {
        System.out.printf(
            "dispatch: %d deliveries accepted, %d waiting in the outbox%n",
            pipeline.dispatcher().deliveredCount(), pipeline.dispatcher().pendingCount());
      }
      if (pipeline.injectionOutcome() != null) {
        System.out.println(pipeline.injectionOutcome().line());
      }
      System.out.println(
          "dead letters by reason: " + pipeline.validation().metrics().deadLettersByReason());
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
      stopped.countDown();
    }
    return 0;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
