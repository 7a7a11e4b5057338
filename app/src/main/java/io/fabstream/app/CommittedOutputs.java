package io.fabstream.app;

import io.fabstream.schemas.KafkaClientSecurity;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what a stage has committed, from the start of its topics, as any downstream consumer
 * ({@code read_committed}) sees it, on a thread of its own: the embedded run's summary counts
 * outputs that really reached Kafka rather than operator-internal counters.
 */
abstract class CommittedOutputs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommittedOutputs.class);

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;

  CommittedOutputs(String bootstrap, List<String> topics, String name) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "fabstream-summary-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaClientSecurity.apply(props);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(topics);
    thread = new Thread(this::poll, name);
    thread.setDaemon(true);
  }

  /** Starts reading; call once the subclass is fully constructed. */
  final void start() {
    thread.start();
  }

  /** Counts one committed record. */
  abstract void count(ConsumerRecord<byte[], byte[]> record);

  private void poll() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          count(r);
        }
      }
    } catch (WakeupException e) {
      LOG.debug("{} woken up to stop", thread.getName());
    } catch (RuntimeException e) {
      LOG.error("{} stopped: {}", thread.getName(), e.getMessage(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(5_000);
  }
}
