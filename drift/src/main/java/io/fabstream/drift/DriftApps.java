package io.fabstream.drift;

import io.fabstream.drift.alert.AlertConfig;
import io.fabstream.drift.alert.AlertMetrics;
import io.fabstream.drift.alert.AlertingApp;
import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.drift.data.DataDriftApp;
import io.fabstream.drift.data.DataDriftAppConfig;
import io.fabstream.drift.estimate.EstimateConfig;
import io.fabstream.drift.estimate.EstimatedPerformanceApp;
import io.fabstream.drift.join.GroundTruthJoinApp;
import io.fabstream.drift.join.JoinConfig;
import io.fabstream.drift.join.JoinMetrics;
import io.fabstream.drift.performance.PerformanceConfig;
import io.fabstream.drift.performance.PerformanceDriftApp;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift apps side by side against one Kafka: the ground-truth join, performance drift,
 * data drift and alerting, each its own Kafka Streams application with its own state directory, so
 * each scales and restarts on its own. A failing stream thread is replaced and resumes from its
 * last commit. Used by {@code fabstream drift} and the embedded run.
 */
public final class DriftApps implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DriftApps.class);

  /**
   * What to run.
   *
   * @param bootstrapServers Kafka
   * @param join the join's settings
   * @param performance performance drift's settings
   * @param alerts alerting's settings
   * @param data data and prediction drift's settings
   * @param estimate the label-free performance estimate's settings
   * @param modelsDir model registry the baselines come from
   * @param stateDir parent of each app's state directory
   */
  public record Settings(
      String bootstrapServers,
      JoinConfig join,
      PerformanceConfig performance,
      AlertConfig alerts,
      DataDriftAppConfig data,
      EstimateConfig estimate,
      Path modelsDir,
      Path stateDir) {

    /**
     * Every app with its defaults on {@code registryUrl}; data drift files input drift under {@code
     * traceModel}, the model the MTS windows feed.
     */
    public static Settings defaults(
        String bootstrapServers,
        String registryUrl,
        String traceModel,
        Path modelsDir,
        Path stateDir) {
      return new Settings(
          bootstrapServers,
          JoinConfig.defaults(registryUrl),
          PerformanceConfig.defaults(registryUrl),
          AlertConfig.defaults(registryUrl),
          DataDriftAppConfig.defaults(registryUrl, traceModel),
          EstimateConfig.defaults(registryUrl),
          modelsDir,
          stateDir);
    }
  }

  private final Settings settings;
  private final JoinMetrics joinMetrics;
  private final AlertMetrics alertMetrics;
  private final MeterRegistry meters;
  private final List<KafkaStreamsMetrics> streamMetrics = new ArrayList<>();
  private final Map<String, KafkaStreams> running = new LinkedHashMap<>();
  private final Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
  private final AtomicInteger replaced = new AtomicInteger();

  private DriftApps(Settings settings, MeterRegistry meters) {
    this.settings = settings;
    this.meters = meters;
    this.joinMetrics = new JoinMetrics(meters);
    this.alertMetrics = new AlertMetrics(meters);
  }

  /** Creates the topics and starts every app; returns without waiting for RUNNING. */
  public static DriftApps start(Settings settings, MeterRegistry meters) {
    DriftApps apps = new DriftApps(settings, meters);
    try {
      apps.startAll();
    } catch (RuntimeException e) {
      apps.close();
      throw e;
    }
    return apps;
  }

  private void startAll() {
    List<Topic<?, ?>> topics = new ArrayList<>();
    topics.addAll(GroundTruthJoinApp.TOPICS);
    topics.addAll(PerformanceDriftApp.TOPICS);
    topics.addAll(AlertingApp.TOPICS);
    topics.addAll(DataDriftApp.TOPICS);
    topics.addAll(EstimatedPerformanceApp.TOPICS);
    topics.add(TopicCatalog.DEAD_LETTER);
    TopicAdmin.ensureTopics(settings.bootstrapServers(), topics.stream().distinct().toList());
    ModelBaselines baselines = ModelBaselines.read(settings.modelsDir());
    LOG.info(
        "drift: baselines of {} model versions from {}",
        baselines.all().size(),
        settings.modelsDir());
    String bootstrap = settings.bootstrapServers();
    run(
        "join",
        GroundTruthJoinApp.buildTopology(settings.join(), joinMetrics),
        GroundTruthJoinApp.streamsConfig(
            bootstrap, settings.join(), settings.stateDir().resolve("join")));
    run(
        "performance",
        PerformanceDriftApp.buildTopology(settings.performance(), baselines, meters),
        PerformanceDriftApp.streamsConfig(
            bootstrap, settings.performance(), settings.stateDir().resolve("performance")));
    run(
        "data",
        DataDriftApp.buildTopology(settings.data(), baselines, meters),
        DataDriftApp.streamsConfig(
            bootstrap, settings.data(), settings.stateDir().resolve("data")));
    run(
        "estimate",
        EstimatedPerformanceApp.buildTopology(settings.estimate(), baselines, meters),
        EstimatedPerformanceApp.streamsConfig(
            bootstrap, settings.estimate(), settings.stateDir().resolve("estimate")));
    run(
        "alerts",
        AlertingApp.buildTopology(settings.alerts(), alertMetrics),
        AlertingApp.streamsConfig(
            bootstrap, settings.alerts(), settings.stateDir().resolve("alerts")));
  }

  private KafkaStreamsMetrics bindStreamsMetrics(KafkaStreams streams, String name) {
    KafkaStreamsMetrics m = new KafkaStreamsMetrics(streams, Tags.of("app", "drift-" + name));
    m.bindTo(meters);
    return m;
  }

  private void run(String name, Topology topology, Properties config) {
    KafkaStreams streams = new KafkaStreams(topology, config);
    streams.setStateListener(
        (next, previous) -> {
          synchronized (states) {
            states.put(name, next);
          }
          LOG.info("drift {} app {} -> {}", name, previous, next);
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("drift {} stream thread failed; replacing it", name, e);
          replaced.incrementAndGet();
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    running.put(name, streams);
    // consumer lag, poll and commit rates, task and state-store metrics of each app
    streamMetrics.add(bindStreamsMetrics(streams, name));
    streams.start();
  }

  /** True when every app is processing (or rebalancing towards it). */
  public boolean isAlive() {
    synchronized (states) {
      return states.size() == running.size()
          && states.values().stream()
              .allMatch(
                  s -> s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING);
    }
  }

  /** The join's counts. */
  public JoinMetrics join() {
    return joinMetrics;
  }

  /** Alerting's counts. */
  public AlertMetrics alerts() {
    return alertMetrics;
  }

  /** Performance reports written so far. */
  public long reports() {
    return (long) meters.counter("fabstream.drift.performance.reports").count();
  }

  /** Performance reports that found drift so far. */
  public long driftedReports() {
    return (long) meters.counter("fabstream.drift.performance.drifted").count();
  }

  /** Data and prediction drift reports written so far. */
  public long dataReports() {
    return (long) meters.counter("fabstream.drift.data.reports").count();
  }

  /** Data and prediction drift reports that found drift so far. */
  public long dataDriftedReports() {
    return (long) meters.counter("fabstream.drift.data.drifted").count();
  }

  /** Stream threads replaced after failures. */
  public int replacedThreads() {
    return replaced.get();
  }

  @Override
  public void close() {
    List<String> names = new ArrayList<>(running.keySet());
    java.util.Collections.reverse(names);
    for (String name : names) {
      if (!running.get(name).close(Duration.ofSeconds(30))) {
        LOG.warn("drift {} app did not stop within 30 s", name);
      }
    }
    running.clear();
    streamMetrics.forEach(KafkaStreamsMetrics::close);
    streamMetrics.clear();
  }
}
