package io.fabstream.app;

import io.fabstream.drift.DriftApps;
import io.fabstream.drift.dispatch.Dispatcher;
import io.fabstream.drift.dispatch.Endpoint;
import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.lot.LotTrackingConfig;
import io.fabstream.features.mts.MtsWindowConfig;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.runtime.LocalFeatureJobs;
import io.fabstream.inference.scoring.LocalScoringJobs;
import io.fabstream.inference.scoring.ScoringSettings;
import io.fabstream.ingest.simulator.FabSimulator;
import io.fabstream.ingest.simulator.KafkaFabEventSink;
import io.fabstream.ingest.simulator.SensorShift;
import io.fabstream.ingest.simulator.SimulatorConfig;
import io.fabstream.ingest.simulator.ToolSpec;
import io.fabstream.ingest.validation.ValidationConfig;
import io.fabstream.ingest.validation.ValidationRunner;
import io.fabstream.panels.PanelWriter;
import io.fabstream.platform.kafka.LocalKafkaBroker;
import io.fabstream.platform.metrics.MetricsServer;
import io.fabstream.platform.postgres.LocalPostgres;
import io.fabstream.platform.postgres.PostgresServer;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process (plus the broker's own JVM): Kafka, schema registry,
 * validation, the Flink feature and scoring jobs, and the fab simulator feeding it. {@code
 * fabstream run} and the end-to-end test use it; each later stage starts itself here and adds its
 * counters to the {@link LiveSummary}.
 */
final class EmbeddedPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);

  /**
   * What the embedded run needs; ports 0 pick free ones. A null {@code simulator} runs the pipeline
   * without one, for scoring replayed real data: the simulator's clock runs ahead of the wall
   * clock, so replayed samples sharing a partition with it would all be late.
   */
  record Settings(
      Path dataDir,
      int kafkaPort,
      int registryPort,
      int metricsPort,
      SimulatorConfig simulator,
      double speedUp,
      Duration runFor,
      Duration checkpointInterval,
      Path models,
      String traceModel,
      Duration injectDriftAt,
      Operations operations) {

    /**
     * What the run hands to the outside besides its topics, all optional: endpoints for alerts and
     * retraining requests, the ports of Flink's Prometheus reporter, and the panel store.
     *
     * @param endpoints webhooks, Airflow and Kubeflow endpoints (empty: none)
     * @param flinkMetricsPorts Flink reporter ports, e.g. 9250-9259 (null: no reporter)
     * @param panelsJdbc PostgreSQL URL of the panel store, {@value #LOCAL_PANELS} for a server
     *     started in the data directory (null: no panel store)
     * @param panelsUser its user
     * @param panelsPassword that user's password
     * @param panelsRetention how long it keeps rows
     */
    record Operations(
        List<Endpoint> endpoints,
        String flinkMetricsPorts,
        String panelsJdbc,
        String panelsUser,
        String panelsPassword,
        Duration panelsRetention) {

      /** A panel store started by the run itself, from the host's PostgreSQL binaries. */
      static final String LOCAL_PANELS = "local";

      Operations {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        if (flinkMetricsPorts != null) {
          JobEnvironment.validatePorts(flinkMetricsPorts);
        }
        if (panelsJdbc != null
            && !panelsJdbc.equals(LOCAL_PANELS)
            && !panelsJdbc.startsWith("jdbc:postgresql:")) {
          throw new IllegalArgumentException(
              "the panel store is a jdbc:postgresql: URL or '"
                  + LOCAL_PANELS
                  + "', got '"
                  + panelsJdbc
                  + "'");
        }
        panelsRetention = panelsRetention == null ? Duration.ofDays(7) : panelsRetention;
      }

      /** Nothing but the topics. */
      static Operations none() {
        return new Operations(List.of(), null, null, null, null, null);
      }

      /** The same with endpoints. */
      Operations withEndpoints(List<Endpoint> list) {
        return new Operations(
            list, flinkMetricsPorts, panelsJdbc, panelsUser, panelsPassword, panelsRetention);
      }

      /** The same with a panel store. */
      Operations withPanels(String jdbc, String user, String password, Duration retention) {
        return new Operations(endpoints, flinkMetricsPorts, jdbc, user, password, retention);
      }
    }

    /**
     * Settings without injected drift, delivering alerts and retraining requests nowhere but their
     * topics, with no Flink metrics reporter.
     */
    Settings(
        Path dataDir,
        int kafkaPort,
        int registryPort,
        int metricsPort,
        SimulatorConfig simulator,
        double speedUp,
        Duration runFor,
        Duration checkpointInterval,
        Path models,
        String traceModel) {
      this(
          dataDir,
          kafkaPort,
          registryPort,
          metricsPort,
          simulator,
          speedUp,
          runFor,
          checkpointInterval,
          models,
          traceModel,
          null,
          Operations.none());
    }

    /**
     * The drift injected at {@link #injectDriftAt} after the start: the first etch tool's first
     * chamber's pressure gauge reads 8 noise sigmas high from then on, the process unchanged.
     */
    SensorShift shift(Instant simulatorStart) {
      ToolSpec tool = simulator.etchTools().get(0);
      return new SensorShift(
          tool.name(),
          tool.chambers().get(0),
          DRIFTED_SENSOR,
          DRIFT_SIGMAS,
          simulatorStart.plusMillis((long) (injectDriftAt.toMillis() * speedUp)));
    }

    /** Sensor the injected drift shifts. */
    static final String DRIFTED_SENSOR = "chamber_pressure";

    /** Size of the injected shift, in the sensor's noise sigmas. */
    static final double DRIFT_SIGMAS = 8;

    /** The trace model trained on the simulated bay's history, which reads its sensors. */
    static final String SIMULATED_BAY_TRACE_MODEL = "trace-lstm-etch-sim";

    Settings {
      operations = operations == null ? Operations.none() : operations;
      if (dataDir == null) {
        throw new IllegalArgumentException("data directory must be set");
      }
      if (models == null
          || !java.nio.file.Files.isRegularFile(models.resolve("wafer-cnn/registry.json"))) {
        throw new IllegalArgumentException(
            "no model registry with a wafer-cnn at " + models + " (see --models)");
      }
      if (traceModel == null
          || !java.nio.file.Files.isRegularFile(models.resolve(traceModel + "/registry.json"))) {
        throw new IllegalArgumentException(
            "no trace model '" + traceModel + "' in the model registry at " + models);
      }
      if (!(speedUp > 0)) {
        throw new IllegalArgumentException("speed-up must be > 0, got " + speedUp);
      }
    }
  }

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final LiveSummary summary = new LiveSummary();
  private LocalKafkaBroker broker;
  private EmbeddedSchemaRegistry registry;
  private MetricsServer metrics;
  private ValidationRunner validation;
  private KafkaFabEventSink simulatorSink;
  private Thread simulatorThread;
  private LocalFeatureJobs features;
  private FeatureOutputs featureOutputs;
  private LocalScoringJobs scoring;
  private PredictionOutputs predictionOutputs;
  private DriftApps drift;
  private DriftOutputs driftOutputs;
  private Settings settings;
  private LiveView live;
  private Dispatcher dispatcher;
  private PostgresServer panelDatabase;
  private PanelWriter panels;
  private volatile SensorShift injected;
  private volatile Instant wallInjected;

  private EmbeddedPipeline() {}

  /** Starts every component in dependency order; on failure, stops what was started. */
  static EmbeddedPipeline start(Settings settings) {
    EmbeddedPipeline p = new EmbeddedPipeline();
    try {
      p.startAll(settings);
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void startAll(Settings settings) {
    this.settings = settings;
    metrics = MetricsServer.start("127.0.0.1", settings.metricsPort());
    resources.push(metrics);

    broker =
        LocalKafkaBroker.start(
            LocalKafkaBroker.Settings.defaults(settings.dataDir().resolve("kafka"))
                .withPort(settings.kafkaPort()));
    resources.push(broker);
    TopicAdmin.ensureTopics(broker.bootstrapServers(), TopicCatalog.all());
    LOG.info(
        "Kafka ready at {} in {} ms", broker.bootstrapServers(), broker.startTime().toMillis());

    registry =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.kafkaBacked(broker.bootstrapServers())
                .withPort(settings.registryPort())
                .withMeterRegistry(metrics.registry()));
    resources.push(registry);
    LOG.info("Schema registry at {}", registry.url());

    validation =
        new ValidationRunner(
            broker.bootstrapServers(),
            ValidationConfig.defaults(registry.url())
                .withMaxFutureSkew(simulatedClockLead(settings)),
            settings.dataDir().resolve("streams"),
            metrics.registry(),
            Duration.ofSeconds(60));
    resources.push(validation);
    validation.start();

    try {
      features =
          LocalFeatureJobs.start(
              new LocalFeatureJobs.Settings(
                  FlinkKafkaSettings.of(broker.bootstrapServers(), registry.url(), "fabstream"),
                  MtsWindowConfig.defaults(),
                  LotTrackingConfig.defaults(),
                  settings.checkpointInterval(),
                  settings.dataDir().resolve("flink-checkpoints"),
                  1,
                  settings.operations().flinkMetricsPorts()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the Flink feature jobs: " + e.getMessage(), e);
    }
    resources.push(features);
    featureOutputs = new FeatureOutputs(broker.bootstrapServers(), registry.url());
    resources.push(featureOutputs);

    try {
      scoring =
          LocalScoringJobs.start(
              new LocalScoringJobs.Settings(
                  FlinkKafkaSettings.of(broker.bootstrapServers(), registry.url(), "fabstream"),
                  ScoringSettings.wafers(settings.models(), "wafer-cnn"),
                  ScoringSettings.windows(settings.models(), settings.traceModel()),
                  settings.checkpointInterval(),
                  settings.dataDir().resolve("flink-checkpoints"),
                  settings.operations().flinkMetricsPorts()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the Flink scoring jobs: " + e.getMessage(), e);
    }
    resources.push(scoring);
    predictionOutputs = new PredictionOutputs(broker.bootstrapServers(), registry.url());
    resources.push(predictionOutputs);

    drift =
        DriftApps.start(
            driftSettings(settings, broker.bootstrapServers(), registry.url()), metrics.registry());
    resources.push(drift);
    driftOutputs = new DriftOutputs(broker.bootstrapServers(), registry.url());
    resources.push(driftOutputs);
    startLivePage(settings);
    if (!settings.operations().endpoints().isEmpty()) {
      dispatcher =
          Dispatcher.start(
              Dispatcher.Settings.defaults(
                  broker.bootstrapServers(),
                  registry.url(),
                  settings.operations().endpoints(),
                  settings.dataDir().resolve("dispatch/outbox.jsonl")),
              metrics.registry());
      resources.push(dispatcher);
    }

    startPanels(settings);

    if (settings.simulator() != null) {
      startSimulator(settings);
    } else {
      LOG.info(
          "no simulator: the pipeline scores what is published to it (fabstream replay --bootstrap {}"
              + " --registry {})",
          broker.bootstrapServers(),
          registry.url());
    }
    summary
        .counter("valid maps", () -> validation.metrics().valid(TopicCatalog.RAW_WAFER_MAPS))
        .counter("valid samples", () -> validation.metrics().valid(TopicCatalog.RAW_TRACE_SAMPLES))
        .counter("valid lot events", () -> validation.metrics().valid(TopicCatalog.RAW_LOT_EVENTS))
        .counter("dead-lettered", () -> validation.metrics().totalDeadLettered())
        .counter("windows", featureOutputs::windows)
        .counter("late samples", featureOutputs::lateSamples)
        .counter("lots closed", featureOutputs::lotsClosed)
        .counter("lots with pattern mix", featureOutputs::lotsWithPatternMix)
        .counter("wafer predictions", predictionOutputs::waferPredictions)
        .counter("window predictions", predictionOutputs::windowPredictions)
        .counter("labelled", () -> drift.join().joinedCount())
        .counter("late labels", () -> drift.join().lateCount() + drift.join().unmatchedCount())
        .counter("drift reports", () -> drift.reports())
        .counter("drifted", () -> drift.driftedReports())
        .counter("data drift reports", () -> drift.dataReports())
        .counter("data drifted", () -> drift.dataDriftedReports())
        .counter("alerts", () -> drift.alerts().raisedCount())
        .counter("retrain requests", () -> drift.alerts().requestCount());
    if (dispatcher != null) {
      summary.counter("delivered", dispatcher::deliveredCount);
    }
  }

  /**
   * The drift apps on the fab's clock: the simulator runs {@code speedUp} times faster than the
   * wall clock, so their windows shrink by the same factor from their production defaults (one fab
   * hour of labels per report, a cooldown of one fab hour, ten-minute SPC buckets).
   */
  /**
   * How far behind a scope's latest fab time a verdict may arrive and still count in its window:
   * wafer maps are inspected after their lot's trace steps, so on one partition the two kinds of
   * verdict are minutes apart on the fab's clock (a 2-minute grace dropped about a third of them).
   */
  static final Duration EVENT_TIME_GRACE = Duration.ofMinutes(10);

  static DriftApps.Settings driftSettings(Settings settings, String bootstrap, String registryUrl) {
    DriftApps.Settings d =
        DriftApps.Settings.defaults(
            bootstrap,
            registryUrl,
            settings.traceModel(),
            settings.models(),
            settings.dataDir().resolve("drift"));
    return new DriftApps.Settings(
        bootstrap,
        d.join(),
        // the simulated fab is not WM-811K's nor the bay history's: each scope's first three
        // windows set the reference it is then held to (below the card, see the first reports)
        d.performance()
            .withWindows(Duration.ofMinutes(30), Duration.ofHours(2), EVENT_TIME_GRACE)
            .withReferenceWindows(3),
        // SPC buckets take the same grace: wafer and window verdicts share the repartitioned
        // stream's time, and a one-minute grace dropped windows arriving two fab minutes behind
        d.alerts().withTimes(Duration.ofHours(1), Duration.ofMinutes(10), EVENT_TIME_GRACE, 6, 20),
        // a chamber's first 80 step windows (20 wafers) set its input reference, every 40 more
        // (ten wafers) are judged: the reference is set well before --inject-drift-at 2m
        // the simulator's maps are not WM-811K's: each scope is held to its own first data
        d.data().withSizes(80, 40).withSavedReferences(false),
        // label-free estimates per half fab hour, each scope held to its first three
        d.estimate().withWindows(Duration.ofMinutes(30), EVENT_TIME_GRACE, 3),
        settings.models(),
        settings.dataDir().resolve("drift"));
  }

  /**
   * The live page on the metrics port: {@code /} draws the latest wafer maps with their predicted
   * pattern, the first etch chamber's traces with its window scores, and the drift state, from
   * {@code /api/live}.
   */
  private void startLivePage(Settings settings) {
    ToolSpec etch = settings.simulator() == null ? null : settings.simulator().etchTools().get(0);
    live =
        new LiveView(
            broker.bootstrapServers(),
            registry.url(),
            etch == null ? null : etch.name(),
            etch == null ? null : etch.chambers().get(0),
            driftOutputs::report);
    resources.push(live);
    byte[] page = LivePage.html();
    metrics.serve("/", exchange -> LivePage.reply(exchange, page, live::json));
  }

  private void startPanels(Settings settings) {
    Settings.Operations ops = settings.operations();
    if (ops.panelsJdbc() == null) {
      return;
    }
    String jdbc = ops.panelsJdbc();
    String user = ops.panelsUser();
    String password = ops.panelsPassword();
    if (jdbc.equals(Settings.Operations.LOCAL_PANELS)) {
      panelDatabase = LocalPostgres.start(settings.dataDir().resolve("postgres"));
      resources.push(panelDatabase);
      jdbc = panelDatabase.jdbcUrl();
      user = panelDatabase.user();
      password = panelDatabase.password();
    }
    panels =
        PanelWriter.start(
            PanelWriter.Settings.defaults(
                    broker.bootstrapServers(), registry.url(), jdbc, user, password)
                .withRetention(ops.panelsRetention(), Duration.ofMinutes(10)),
            metrics.registry());
    resources.push(panels);
  }

  /** JDBC URL of the panel store, or null when the run has none. */
  String panelsJdbcUrl() {
    if (panels == null) {
      return null;
    }
    return panelDatabase != null ? panelDatabase.jdbcUrl() : settings.operations().panelsJdbc();
  }

  /** The panel store's database the run started itself, or null. */
  PostgresServer panelDatabase() {
    return panelDatabase;
  }

  private void startSimulator(Settings settings) {
    simulatorSink = new KafkaFabEventSink(broker.bootstrapServers(), registry.url());
    resources.push(simulatorSink);
    List<SensorShift> shifts = new ArrayList<>();
    if (settings.injectDriftAt() != null) {
      Instant now = Instant.now();
      SensorShift shift = settings.shift(now);
      injected = shift;
      wallInjected = now.plus(settings.injectDriftAt());
      shifts.add(shift);
      LOG.info(
          "drift will be injected at fab time {}: {} {} {} reads {} sigmas high",
          shift.from(),
          shift.tool(),
          shift.chamber(),
          shift.sensor(),
          shift.offsetSigmas());
    }
    FabSimulator simulator = new FabSimulator(settings.simulator(), shifts);
    simulatorThread =
        new Thread(
            () -> {
              try {
                simulator.runPaced(simulatorSink, Duration.ZERO, settings.speedUp(), running::get);
              } catch (RuntimeException e) {
                LOG.error("simulator stopped: {}", e.getMessage(), e);
              }
            },
            "fab-simulator");
    simulatorThread.setDaemon(true);
    simulatorThread.start();

    summary
        .counter(
            "maps in",
            () -> simulatorSink.counts().getOrDefault(TopicCatalog.RAW_WAFER_MAPS.name(), 0L))
        .counter(
            "samples in",
            () -> simulatorSink.counts().getOrDefault(TopicCatalog.RAW_TRACE_SAMPLES.name(), 0L))
        .counter(
            "lot events in",
            () -> simulatorSink.counts().getOrDefault(TopicCatalog.RAW_LOT_EVENTS.name(), 0L))
        .counter(
            "labels",
            () -> simulatorSink.counts().getOrDefault(TopicCatalog.GROUND_TRUTH.name(), 0L));
  }

  /**
   * How far ahead of the wall clock the simulator's event time can get. At a speed-up of s the fab
   * clock gains (s - 1) seconds a second; validation must accept that lead, or it would (rightly)
   * dead-letter every simulated record as coming from the future.
   */
  static Duration simulatedClockLead(Settings settings) {
    if (settings.simulator() == null) {
      return Duration.ofMinutes(5);
    }
    Duration horizon = settings.runFor() == null ? Duration.ofDays(7) : settings.runFor();
    double lead = Math.max(0, settings.speedUp() - 1) * horizon.toMillis();
    return Duration.ofMinutes(5).plusMillis((long) Math.min(lead, Long.MAX_VALUE / 2.0));
  }

  /**
   * Stops the simulator and waits (up to {@code timeout}) until validation has judged every raw
   * record the simulator got acknowledged, so the final totals add up.
   */
  boolean stopSimulatorAndDrain(Duration timeout) throws InterruptedException {
    running.set(false);
    if (simulatorThread == null) {
      return true;
    }
    simulatorThread.join(timeout.toMillis());
    simulatorSink.flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long sent =
          TopicCatalog.all().stream()
              .filter(t -> t.name().startsWith("fab.raw."))
              .mapToLong(t -> simulatorSink.counts().getOrDefault(t.name(), 0L))
              .sum();
      long judged = validation.metrics().totalValid() + validation.metrics().totalDeadLettered();
      if (judged >= sent) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  int metricsPort() {
    return metrics.port();
  }

  PredictionOutputs predictions() {
    return predictionOutputs;
  }

  LiveSummary summary() {
    return summary;
  }

  DriftOutputs drift() {
    return driftOutputs;
  }

  /** How the drift loop answered the injected shift, or null when none was injected. */
  DriftOutputs.InjectionOutcome injectionOutcome() {
    return injected == null ? null : driftOutputs.outcome(injected, wallInjected);
  }

  /** The alert and retraining-request dispatcher, or null when no endpoints are configured. */
  Dispatcher dispatcher() {
    return dispatcher;
  }

  ValidationRunner validation() {
    return validation;
  }

  @Override
  public void close() {
    running.set(false);
    if (simulatorThread != null) {
      try {
        simulatorThread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", r.getClass().getSimpleName(), e.toString(), e);
      }
    }
  }
}
