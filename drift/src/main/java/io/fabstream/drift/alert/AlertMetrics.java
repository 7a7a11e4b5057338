package io.fabstream.drift.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Alerts raised by cause, suppressed by the cooldown, retraining requests, SPC points. */
public final class AlertMetrics {

  private final MeterRegistry registry;
  private final Counter suppressed;
  private final Counter requests;
  private final Counter points;
  private final ConcurrentHashMap<String, Counter> raised = new ConcurrentHashMap<>();
  private final AtomicLong raisedTotal = new AtomicLong();
  private final AtomicLong requestTotal = new AtomicLong();

  public AlertMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.suppressed =
        Counter.builder("fabstream.drift.alerts.suppressed")
            .description("Alerts dropped because the same one was raised within the cooldown")
            .register(registry);
    this.requests =
        Counter.builder("fabstream.drift.retrain.requests")
            .description("Retraining requests written")
            .register(registry);
    this.points =
        Counter.builder("fabstream.drift.spc.points")
            .description("Buckets placed on a tool's p-chart")
            .register(registry);
  }

  void raised(String cause, boolean withRequest) {
    raisedTotal.incrementAndGet();
    raised
        .computeIfAbsent(
            cause,
            c ->
                Counter.builder("fabstream.drift.alerts.raised")
                    .description("Alerts raised")
                    .tag("cause", c)
                    .register(registry))
        .increment();
    if (withRequest) {
      requests.increment();
      requestTotal.incrementAndGet();
    }
  }

  void suppressed() {
    suppressed.increment();
  }

  void spcPoint() {
    points.increment();
  }

  /** Alerts raised so far. */
  public long raisedCount() {
    return raisedTotal.get();
  }

  /** Retraining requests so far. */
  public long requestCount() {
    return requestTotal.get();
  }
}
