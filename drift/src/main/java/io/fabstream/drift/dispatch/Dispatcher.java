package io.fabstream.drift.dispatch;

import io.fabstream.platform.kafka.CommittedReads;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to webhooks and retraining requests to orchestrators, each exactly once per
 * endpoint. A consumer thread reads {@code fab.alerts} and {@code fab.retrain-requests} (committed
 * records only), writes one {@link Outbox} delivery per record and endpoint, forces it to disk and
 * only then commits the offsets; a delivery thread sends what is pending, retrying failures with
 * exponential backoff (with jitter, capped) for as long as the endpoint is down. Delivery ids are
 * {@code <alert id or request id>@<endpoint>}, so a record read again after a crash adds nothing,
 * and receivers get the same id on every retry.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * Settings.
   *
   * @param bootstrapServers Kafka
   * @param registryUrl schema registry
   * @param groupId consumer group
   * @param endpoints where to deliver
   * @param outboxFile the outbox journal
   * @param firstRetry wait after the first failure
   * @param maxRetry longest wait between attempts
   * @param timeout HTTP connect and request timeout
   */
  public record Settings(
      String bootstrapServers,
      String registryUrl,
      String groupId,
      List<Endpoint> endpoints,
      Path outboxFile,
      Duration firstRetry,
      Duration maxRetry,
      Duration timeout) {

    public Settings {
      endpoints = List.copyOf(endpoints);
      if (endpoints.stream().map(Endpoint::name).distinct().count() != endpoints.size()) {
        throw new IllegalArgumentException("endpoint names must be unique");
      }
      if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
        throw new IllegalArgumentException(
            "retry waits must be positive with max >= first, got " + firstRetry + ", " + maxRetry);
      }
    }

    /** One-second first retry, five-minute cap, ten-second timeout. */
    public static Settings defaults(
        String bootstrapServers, String registryUrl, List<Endpoint> endpoints, Path outboxFile) {
      return new Settings(
          bootstrapServers,
          registryUrl,
          "fabstream-dispatcher",
          endpoints,
          outboxFile,
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          Duration.ofSeconds(10));
    }
  }

  private record Backoff(int attempts, long nextAtNanos) {}

  private final Settings settings;
  private final MeterRegistry meters;
  private final Outbox outbox;
  private final HttpDeliverer http;
  private final Map<String, Endpoint> byName = new HashMap<>();
  private final Map<String, Backoff> backoff = new HashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong deliveredCount = new AtomicLong();
  private final Counter delivered;
  private final Counter failedAttempts;
  private final Counter enqueued;
  private Thread consumer;
  private Thread sender;

  private Dispatcher(Settings settings, MeterRegistry meters, Function<String, String> env) {
    this.settings = settings;
    this.meters = meters;
    this.outbox = Outbox.open(settings.outboxFile());
    this.http = new HttpDeliverer(settings.timeout(), env);
    settings.endpoints().forEach(e -> byName.put(e.name(), e));
    this.delivered =
        Counter.builder("fabstream.dispatch.delivered")
            .description("Deliveries an endpoint accepted")
            .register(meters);
    this.failedAttempts =
        Counter.builder("fabstream.dispatch.failed.attempts")
            .description("Delivery attempts that failed and will be retried")
            .register(meters);
    this.enqueued =
        Counter.builder("fabstream.dispatch.enqueued")
            .description("Deliveries written to the outbox")
            .register(meters);
    meters.gauge("fabstream.dispatch.pending", outbox, o -> o.pending().size());
  }

  /** Starts consuming and delivering; credentials come from the process environment. */
  public static Dispatcher start(Settings settings, MeterRegistry meters) {
    return start(settings, meters, System::getenv);
  }

  /** The same with environment lookups through {@code env} (tests). */
  public static Dispatcher start(
      Settings settings, MeterRegistry meters, Function<String, String> env) {
    Dispatcher d = new Dispatcher(settings, meters, env);
    d.consumer = new Thread(d::consume, "dispatch-consumer");
    d.sender = new Thread(d::send, "dispatch-sender");
    d.consumer.setDaemon(true);
    d.sender.setDaemon(true);
    d.consumer.start();
    d.sender.start();
    LOG.info(
        "dispatching alerts and retraining requests to {} endpoints; {} pending in {}",
        settings.endpoints().size(),
        d.outbox.pending().size(),
        settings.outboxFile());
    return d;
  }

  private void consume() {
    Properties props =
        CommittedReads.consumerProperties(settings.bootstrapServers(), settings.groupId());
    Deserializer<Alert> alerts =
        FabSerdes.valueDeserializer(TopicCatalog.ALERTS, settings.registryUrl());
    Deserializer<RetrainRequest> requests =
        FabSerdes.valueDeserializer(TopicCatalog.RETRAIN_REQUESTS, settings.registryUrl());
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      KafkaClientMetrics lag = new KafkaClientMetrics(c, Tags.of("app", "dispatch"));
      lag.bindTo(meters);
      c.subscribe(List.of(TopicCatalog.ALERTS.name(), TopicCatalog.RETRAIN_REQUESTS.name()));
      while (running.get()) {
        var records = c.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.value() == null) {
            continue;
          }
          if (r.topic().equals(TopicCatalog.ALERTS.name())) {
            enqueue(alerts.deserialize(r.topic(), r.value()));
          } else {
            enqueue(requests.deserialize(r.topic(), r.value()));
          }
        }
        if (!records.isEmpty()) {
          c.commitSync(); // only after every delivery is on disk
        }
      }
      lag.close();
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (running.get()) {
        LOG.error("dispatch consumer stopped; undelivered records stay uncommitted", e);
      }
    }
  }

  private void enqueue(Alert a) {
    for (Endpoint e : settings.endpoints()) {
      if (e.kind().takesAlerts() && a.getSeverity().ordinal() >= e.minSeverity().ordinal()) {
        add(a.getAlertId() + "#" + a.getRaisedAt().toEpochMilli(), e, Payloads.alert(e.kind(), a));
      }
    }
  }

  private void enqueue(RetrainRequest r) {
    for (Endpoint e : settings.endpoints()) {
      boolean target =
          switch (e.kind()) {
            case AIRFLOW -> wants(e, r, "airflow");
            case KUBEFLOW -> wants(e, r, "kubeflow");
            default -> false;
          };
      if (target) {
        add(
            r.getRequestId(),
            e,
            e.kind() == Endpoint.Kind.AIRFLOW ? Payloads.airflow(r) : Payloads.kubeflow(e, r));
      }
    }
  }

  private static boolean wants(Endpoint e, RetrainRequest r, String kind) {
    if (!e.models().isEmpty()) {
      return e.models().contains(r.getModel());
    }
    return r.getOrchestrator() == null || r.getOrchestrator().equals(kind);
  }

  private void add(String key, Endpoint e, String body) {
    if (outbox.add(new Outbox.Delivery(key + "@" + e.name(), e.name(), body))) {
      enqueued.increment();
    }
  }

  private void send() {
    while (running.get()) {
      boolean idle = true;
      for (Outbox.Delivery d : outbox.pending()) {
        if (!running.get()) {
          return;
        }
        Backoff b = backoff.get(d.id());
        if (b != null && System.nanoTime() < b.nextAtNanos()) {
          continue;
        }
        idle = false;
        Endpoint e = byName.get(d.endpoint());
        if (e == null) {
          LOG.warn(
              "delivery {} is for endpoint {}, no longer configured; kept", d.id(), d.endpoint());
          backoff.put(d.id(), new Backoff(1, System.nanoTime() + settings.maxRetry().toNanos()));
          continue;
        }
        HttpDeliverer.Attempt a = http.send(e, d);
        if (a.delivered()) {
          outbox.done(d.id());
          backoff.remove(d.id());
          delivered.increment();
          deliveredCount.incrementAndGet();
          LOG.info("delivered {} to {} ({} {})", d.id(), e.name(), a.status(), a.detail());
        } else {
          int attempts = b == null ? 1 : b.attempts() + 1;
          long wait =
              Math.min(
                  settings.maxRetry().toNanos(),
                  settings.firstRetry().toNanos() << Math.min(20, attempts - 1));
          wait += (long) (wait * 0.2 * ThreadLocalRandom.current().nextDouble());
          backoff.put(d.id(), new Backoff(attempts, System.nanoTime() + wait));
          failedAttempts.increment();
          LOG.warn(
              "delivery {} to {} failed (attempt {}, {} {}); retrying in {} ms",
              d.id(),
              e.name(),
              attempts,
              a.status(),
              a.detail(),
              wait / 1_000_000);
        }
      }
      if (idle) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Deliveries accepted since start. */
  public long deliveredCount() {
    return deliveredCount.get();
  }

  /** Deliveries waiting. */
  public int pendingCount() {
    return outbox.pending().size();
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread t : new Thread[] {consumer, sender}) {
      if (t != null) {
        try {
          t.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    outbox.close();
  }
}
