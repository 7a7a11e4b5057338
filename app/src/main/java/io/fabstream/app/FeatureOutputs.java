package io.fabstream.app;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.TopicCatalog;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Counts what the feature jobs have committed, as any downstream consumer ({@code read_committed})
 * sees it: windows, late samples and closed lots. The live summary shows these, so its numbers are
 * outputs that really reached Kafka rather than operator-internal counters.
 */
final class FeatureOutputs extends CommittedOutputs {

  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong lateSamples = new AtomicLong();
  private final AtomicLong lotsClosed = new AtomicLong();
  private final AtomicLong lotSteps = new AtomicLong();
  private final AtomicLong lotsWithPatternMix = new AtomicLong();
  private final Deserializer<LotFeatures> lots;

  FeatureOutputs(String bootstrap, String registryUrl) {
    super(
        bootstrap,
        List.of(
            TopicCatalog.MTS_WINDOWS.name(),
            TopicCatalog.LATE_TRACE_SAMPLES.name(),
            TopicCatalog.LOT_FEATURES.name()),
        "feature-outputs");
    lots = FabSerdes.valueDeserializer(TopicCatalog.LOT_FEATURES, registryUrl);
    start();
  }

  @Override
  void count(ConsumerRecord<byte[], byte[]> r) {
    String topic = r.topic();
    if (topic.equals(TopicCatalog.MTS_WINDOWS.name())) {
      windows.incrementAndGet();
    } else if (topic.equals(TopicCatalog.LATE_TRACE_SAMPLES.name())) {
      lateSamples.incrementAndGet();
    } else {
      LotFeatures features = lots.deserialize(topic, r.value());
      if (features.getStep() != null) {
        lotSteps.incrementAndGet();
        return;
      }
      lotsClosed.incrementAndGet();
      if (!features.getPatternMix().isEmpty()) {
        lotsWithPatternMix.incrementAndGet();
      }
    }
  }

  long windows() {
    return windows.get();
  }

  long lateSamples() {
    return lateSamples.get();
  }

  long lotsClosed() {
    return lotsClosed.get();
  }

  /** Closed lots whose features carry the wafer CNN's pattern mix. */
  long lotsWithPatternMix() {
    return lotsWithPatternMix.get();
  }

  long lotSteps() {
    return lotSteps.get();
  }
}
