package io.fabstream.drift.join;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the join did, for Prometheus and the embedded run's summary: how many predictions got their
 * label, how late labels come per subject kind, how many came too late or for nothing scored, and
 * how many verdicts aged out unlabelled. A fab watches these to size the join windows.
 */
public final class JoinMetrics {

  private final MeterRegistry registry;
  private final Counter late;
  private final Counter unmatched;
  private final Counter unlabelled;
  private final Counter verdicts;
  private final Counter waiting;
  private final AtomicLong joinedTotal = new AtomicLong();
  private final AtomicLong lateTotal = new AtomicLong();
  private final AtomicLong unmatchedTotal = new AtomicLong();
  private final AtomicLong heldVerdicts = new AtomicLong();
  private final AtomicLong heldLabels = new AtomicLong();
  private final ConcurrentHashMap<String, Counter> joined = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, DistributionSummary> delays = new ConcurrentHashMap<>();

  public JoinMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.late =
        Counter.builder("fabstream.drift.join.labels.late")
            .description("Labels that came after their source's join window")
            .register(registry);
    this.unmatched =
        Counter.builder("fabstream.drift.join.labels.unmatched")
            .description("Labels no verdict came for within the label wait")
            .register(registry);
    this.unlabelled =
        Counter.builder("fabstream.drift.join.verdicts.unlabelled")
            .description("Verdicts dropped after the longest join window without a label")
            .register(registry);
    this.verdicts =
        Counter.builder("fabstream.drift.join.verdicts.in")
            .description("Verdicts stored or merged to wait for their label")
            .register(registry);
    this.waiting =
        Counter.builder("fabstream.drift.join.labels.early")
            .description("Labels that came before their verdict and waited for it")
            .register(registry);
    registry.gauge("fabstream.drift.join.verdicts.held", heldVerdicts);
    registry.gauge("fabstream.drift.join.labels.held", heldLabels);
  }

  void joined(String kind, long delayMillis) {
    joinedTotal.incrementAndGet();
    joined
        .computeIfAbsent(
            kind,
            k ->
                Counter.builder("fabstream.drift.join.joined")
                    .description("Predictions joined with their label")
                    .tag("subject", k)
                    .register(registry))
        .increment();
    delays
        .computeIfAbsent(
            kind,
            k ->
                DistributionSummary.builder("fabstream.drift.join.label.delay.seconds")
                    .description("Label time minus subject time")
                    .tag("subject", k)
                    .register(registry))
        .record(delayMillis / 1000.0);
  }

  void late(boolean afterWindow) {
    if (afterWindow) {
      late.increment();
      lateTotal.incrementAndGet();
    } else {
      unmatched.increment();
      unmatchedTotal.incrementAndGet();
    }
  }

  void unlabelled(int n) {
    unlabelled.increment(n);
  }

  void verdictHeld() {
    verdicts.increment();
  }

  void labelWaiting() {
    waiting.increment();
  }

  void held(long verdictCount, long labelCount) {
    heldVerdicts.set(verdictCount);
    heldLabels.set(labelCount);
  }

  /** Predictions joined so far. */
  public long joinedCount() {
    return joinedTotal.get();
  }

  /** Labels after their window so far. */
  public long lateCount() {
    return lateTotal.get();
  }

  /** Labels with no verdict so far. */
  public long unmatchedCount() {
    return unmatchedTotal.get();
  }
}
