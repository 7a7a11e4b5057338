package io.fabstream.registry;

import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps registry changes in a compacted, single-partition Kafka topic, as Confluent's registry
 * does: every change is written synchronously (idempotent producer, {@code acks=all}) before the
 * registry answers, and start-up replays the topic to its end. One registry instance writes to a
 * topic at a time (single writer); two instances on the same topic would hand out clashing ids.
 */
final class KafkaSchemaStore implements SchemaStore {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);

  private final String bootstrapServers;
  private final String topic;
  private final Duration timeout;
  private final KafkaProducer<String, String> producer;

  KafkaSchemaStore(String bootstrapServers, String topic, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.timeout = timeout;
    ensureTopic();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    KafkaClientSecurity.apply(config);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "fabstream-registry-store");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 15000));
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private void ensureTopic() {
    Topic<?, ?> schemas = TopicCatalog.SCHEMAS;
    if (topic.equals(schemas.name())) {
      TopicAdmin.ensureTopics(bootstrapServers, List.of(schemas));
      return;
    }
    // A non-default name (tests, several registries on one cluster): same settings as the
    // catalog's.
    Map<String, String> configs = new HashMap<>(schemas.extraConfig());
    configs.put("cleanup.policy", schemas.cleanupPolicy());
    try (Admin admin =
        Admin.create(
            KafkaClientSecurity.apply(
                new java.util.HashMap<String, Object>(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))))) {
      if (admin
          .listTopics()
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(topic)) {
        return;
      }
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create store topic " + topic, e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating store topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating store topic " + topic, e);
    }
  }

  @Override
  public void replay(Consumer<StoreRecord> sink) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    KafkaClientSecurity.apply(config);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fabstream-registry-replay");
    TopicPartition partition = new TopicPartition(topic, 0);
    long deadline = System.nanoTime() + timeout.toNanos();
    int count = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
      while (consumer.position(partition, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "timed out replaying "
                  + topic
                  + " ("
                  + count
                  + " records read, end offset "
                  + end
                  + ")");
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null) {
            throw new IllegalStateException(
                "record without key at offset " + r.offset() + " of " + topic);
          }
          sink.accept(StoreRecordCodec.decode(r.key(), r.value()));
          count++;
        }
      }
      LOG.info("Replayed {} records from {} up to offset {}", count, topic, end);
    }
  }

  @Override
  public void append(StoreRecord record) {
    ProducerRecord<String, String> r =
        new ProducerRecord<>(
            topic, 0, StoreRecordCodec.key(record), StoreRecordCodec.value(record));
    try {
      producer.send(r).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw RegistryException.storeFailure(
          "could not store the change in " + topic + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw RegistryException.storeFailure("timed out storing the change in " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryException.storeFailure("interrupted while storing the change", e);
    }
  }

  @Override
  public String describe() {
    return "Kafka topic " + topic + " on " + bootstrapServers;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
