package io.fabstream.app;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.TopicCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the feature jobs have committed, as any downstream consumer ({@code read_committed})
 * sees it: windows, late samples and closed lots. The live summary shows these, so its numbers are
 * outputs that really reached Kafka rather than operator-internal counters.
 */
final class FeatureOutputs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeatureOutputs.class);

  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong lateSamples = new AtomicLong();
  private final AtomicLong lotsClosed = new AtomicLong();
  private final AtomicLong lotSteps = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<LotFeatures> lots;
  private final Thread thread;

  FeatureOutputs(String bootstrap, String registryUrl) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "fabstream-summary-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(
        List.of(
            TopicCatalog.MTS_WINDOWS.name(),
            TopicCatalog.LATE_TRACE_SAMPLES.name(),
            TopicCatalog.LOT_FEATURES.name()));
    lots = FabSerdes.valueDeserializer(TopicCatalog.LOT_FEATURES, registryUrl);
    thread = new Thread(this::poll, "feature-outputs");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String topic = r.topic();
          if (topic.equals(TopicCatalog.MTS_WINDOWS.name())) {
            windows.incrementAndGet();
          } else if (topic.equals(TopicCatalog.LATE_TRACE_SAMPLES.name())) {
            lateSamples.incrementAndGet();
          } else if (lots.deserialize(topic, r.value()).getStep() == null) {
            lotsClosed.incrementAndGet();
          } else {
            lotSteps.incrementAndGet();
          }
        }
      }
    } catch (WakeupException e) {
      LOG.debug("feature output counter woken up to stop");
    } catch (RuntimeException e) {
      LOG.error("feature output counter stopped: {}", e.getMessage(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
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

  long lotSteps() {
    return lotSteps.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(5_000);
  }
}
