package io.fabstream.ingest.validation;

import io.fabstream.schemas.TopicAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the validation app: the entry point the launcher ({@code fabstream validate} and the
 * embedded run) calls. It creates the topics it needs, starts Kafka Streams with a thread-replacing
 * exception handler (a failing stream thread, e.g. while the registry is down, is replaced and
 * resumes from the last committed offset instead of stopping the app), logs a summary at INFO every
 * interval and at close, and exposes the state and counts.
 *
 * <pre>{@code
 * try (ValidationRunner runner = new ValidationRunner(bootstrap, config, stateDir, meters)) {
 *   runner.start();
 *   ... runner.metrics().summary() ...
 * }
 * }</pre>
 */
public final class ValidationRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ValidationRunner.class);

  private final String bootstrapServers;
  private final ValidationConfig config;
  private final Path stateDir;
  private final ValidationMetrics metrics;
  private final MeterRegistry meters;
  private KafkaStreamsMetrics streamMetrics;
  private final Duration summaryInterval;
  private final AtomicInteger replacedThreads = new AtomicInteger();
  private final CopyOnWriteArrayList<Consumer<KafkaStreams.State>> stateListeners =
      new CopyOnWriteArrayList<>();
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private KafkaStreams streams;
  private ScheduledExecutorService summaries;

  /** A runner that logs a summary every 30 s. */
  public ValidationRunner(
      String bootstrapServers, ValidationConfig config, Path stateDir, MeterRegistry meters) {
    this(bootstrapServers, config, stateDir, meters, Duration.ofSeconds(30));
  }

  public ValidationRunner(
      String bootstrapServers,
      ValidationConfig config,
      Path stateDir,
      MeterRegistry meters,
      Duration summaryInterval) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must be set");
    }
    if (summaryInterval.isNegative() || summaryInterval.isZero()) {
      throw new IllegalArgumentException(
          "summary interval must be positive, got " + summaryInterval);
    }
    this.bootstrapServers = bootstrapServers;
    this.config = config;
    this.stateDir = stateDir;
    this.metrics = new ValidationMetrics(meters);
    this.meters = meters;
    this.summaryInterval = summaryInterval;
  }

  /** Registers a listener told of every Kafka Streams state change (call before start). */
  public void onStateChange(Consumer<KafkaStreams.State> listener) {
    stateListeners.add(listener);
  }

  /** Creates missing topics and starts the app; returns without waiting for RUNNING. */
  public synchronized void start() {
    if (streams != null) {
      throw new IllegalStateException("validation app already started");
    }
    LOG.info("Starting validation on {}: {}", bootstrapServers, config.describe());
    TopicAdmin.ensureTopics(bootstrapServers, ValidationApp.TOPICS);
    streams =
        new KafkaStreams(
            ValidationApp.buildTopology(config, metrics),
            ValidationApp.streamsConfig(bootstrapServers, config, stateDir));
    streams.setStateListener(
        (newState, oldState) -> {
          state = newState;
          LOG.info("Validation app {} -> {}", oldState, newState);
          stateListeners.forEach(l -> l.accept(newState));
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error(
              "Validation stream thread failed ({} replaced so far); replacing it, it resumes"
                  + " from the last committed offset",
              replacedThreads.get(),
              e);
          replacedThreads.incrementAndGet();
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    // consumer lag, poll and commit rates, task metrics
    streamMetrics = new KafkaStreamsMetrics(streams, Tags.of("app", "validation"));
    streamMetrics.bindTo(meters);
    streams.start();
    summaries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "validation-summary");
              t.setDaemon(true);
              return t;
            });
    AtomicLong lastTotal = new AtomicLong(-1);
    summaries.scheduleAtFixedRate(
        () -> {
          long total = metrics.totalValid() + metrics.totalDeadLettered();
          if (lastTotal.getAndSet(total) != total) {
            LOG.info("Validation: {}", metrics.summary());
          }
        },
        summaryInterval.toMillis(),
        summaryInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Current Kafka Streams state (CREATED before start). */
  public KafkaStreams.State state() {
    return state;
  }

  /** True while the app is processing (RUNNING) or rebalancing towards it. */
  public boolean isAlive() {
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /** Stream threads replaced after a failure since start. */
  public int replacedThreads() {
    return replacedThreads.get();
  }

  /** Counts per topic, outcome and reason. */
  public ValidationMetrics metrics() {
    return metrics;
  }

  /** The configuration running. */
  public ValidationConfig config() {
    return config;
  }

  /** Stops the app (committing what was processed) and logs the final summary. */
  @Override
  public synchronized void close() {
    if (summaries != null) {
      summaries.shutdownNow();
    }
    if (streams != null) {
      if (!streams.close(Duration.ofSeconds(30))) {
        LOG.warn("Validation app did not stop within 30 s");
      }
      streams = null;
    }
    if (streamMetrics != null) {
      streamMetrics.close();
      streamMetrics = null;
    }
    LOG.info("Validation stopped: {}", metrics.summary());
  }
}
