package io.fabstream.drift.alert;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deduplication with a cooldown: an alert whose id was raised less than the cooldown ago (in the
 * data's time, the alert's {@code raisedAt}) is dropped and counted, so the same cause in the same
 * scope reaches engineers and the orchestrator once per cooldown. Keyed by alert id (the app
 * repartitions by it), so every copy of one alert meets the same state.
 */
final class CooldownProcessor implements Processor<String, AlertCandidate, String, AlertCandidate> {

  static final String LAST_RAISED = "alert-last-raised";

  private final AlertConfig config;
  private final AlertMetrics metrics;
  private ProcessorContext<String, AlertCandidate> context;
  private KeyValueStore<String, Long> lastRaised;

  CooldownProcessor(AlertConfig config, AlertMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, AlertCandidate> context) {
    this.context = context;
    this.lastRaised = context.getStateStore(LAST_RAISED);
  }

  @Override
  public void process(Record<String, AlertCandidate> record) {
    AlertCandidate c = record.value();
    String id = c.alert().getAlertId();
    long at = c.alert().getRaisedAt().toEpochMilli();
    Long last = lastRaised.get(id);
    if (last != null && at - last < config.cooldown().toMillis() && at >= last) {
      metrics.suppressed();
      return;
    }
    lastRaised.put(id, at);
    metrics.raised(c.alert().getCause(), c.request() != null);
    context.forward(record.withKey(id));
  }
}
