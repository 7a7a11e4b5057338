package io.fabstream.drift;

import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.TopicCatalog;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the drift apps' dead letters synchronously, from the Streams error handlers (which run
 * outside the app's transaction, so the letter is on the topic before the record is skipped).
 * Configured from the Streams properties: the app's id, its brokers and {@link #REGISTRY_URL}.
 */
final class DeadLetterWriter {

  /** Streams property naming the schema registry the dead letters are encoded with. */
  static final String REGISTRY_URL = "fabstream.dead-letter.registry.url";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

  private final String application;
  private final String bootstrap;
  private final String registryUrl;
  private KafkaProducer<byte[], DeadLetter> producer;

  private DeadLetterWriter(String application, String bootstrap, String registryUrl) {
    this.application = application;
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
  }

  /** From a handler's {@code configure} map. */
  static DeadLetterWriter of(Map<String, ?> configs) {
    Object servers = configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    String bootstrap =
        servers instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(servers);
    Object registry = configs.get(REGISTRY_URL);
    if (registry == null) {
      throw new IllegalArgumentException(
          REGISTRY_URL + " must be set for the dead-letter handlers");
    }
    return new DeadLetterWriter(
        String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)),
        bootstrap,
        String.valueOf(registry));
  }

  String application() {
    return application;
  }

  /**
   * Sends {@code letter} and waits for the broker's acknowledgement.
   *
   * @return false when it could not be written (logged), so the caller stops the app
   */
  boolean write(DeadLetter letter, String topic, int partition, long offset) {
    byte[] key =
        letter.getOriginalKey() == null ? null : bytes(letter.getOriginalKey().duplicate());
    try {
      producer().send(new ProducerRecord<>(TopicCatalog.DEAD_LETTER.name(), key, letter)).get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error(
          "{}: interrupted dead-lettering {}-{}@{}", application, topic, partition, offset, e);
      return false;
    } catch (ExecutionException | RuntimeException e) {
      LOG.error(
          "{}: could not dead-letter {}-{}@{}; stopping rather than losing it",
          application,
          topic,
          partition,
          offset,
          e);
      return false;
    }
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private synchronized KafkaProducer<byte[], DeadLetter> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      KafkaClientSecurity.apply(p);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-dead-letters");
      producer =
          new KafkaProducer<>(
              p,
              new ByteArraySerializer(),
              FabSerdes.valueSerializer(TopicCatalog.DEAD_LETTER, registryUrl));
    }
    return producer;
  }
}
