package io.fabstream.drift;

import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.TopicCatalog;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record a drift app cannot decode goes whole to {@code fab.dead-letter} with the reason (code
 * {@code UNDECODABLE}, the app's id, the source offsets and the original bytes), and the app goes
 * on. Without it one corrupt record would stop the app, and a replaced stream thread would fail on
 * the same record again. The dead letter is written synchronously before the record is skipped; if
 * even that fails, the app stops rather than lose the record.
 */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

  /** Streams property naming the schema registry the dead letters are encoded with. */
  public static final String REGISTRY_URL = "fabstream.dead-letter.registry.url";

  private static final Logger LOG =
      LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

  private String application;
  private String bootstrap;
  private String registryUrl;
  private KafkaProducer<byte[], DeadLetter> producer;

  @Override
  public void configure(Map<String, ?> configs) {
    application = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
    Object servers = configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    bootstrap =
        servers instanceof java.util.List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(servers);
    Object registry = configs.get(REGISTRY_URL);
    if (registry == null) {
      throw new IllegalArgumentException(
          REGISTRY_URL + " must be set for " + getClass().getSimpleName());
    }
    registryUrl = String.valueOf(registry);
  }

  @Override
  public DeserializationHandlerResponse handle(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setReasonCode("UNDECODABLE")
            .setReason(
                application
                    + " cannot decode a record of "
                    + record.topic()
                    + ": "
                    + exception.getMessage())
            .setSourceTopic(record.topic())
            .setSourcePartition(record.partition())
            .setSourceOffset(record.offset())
            .setSourceTimestamp(
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()))
            .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
            .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
            .setApplication(application)
            .setDetectedAt(Instant.now())
            .build();
    try {
      producer()
          .send(new ProducerRecord<>(TopicCatalog.DEAD_LETTER.name(), record.key(), letter))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error(
          "{}: interrupted dead-lettering {}-{}@{}",
          application,
          record.topic(),
          record.partition(),
          record.offset(),
          e);
      return DeserializationHandlerResponse.FAIL;
    } catch (ExecutionException | RuntimeException e) {
      LOG.error(
          "{}: could not dead-letter {}-{}@{}; stopping rather than losing it",
          application,
          record.topic(),
          record.partition(),
          record.offset(),
          e);
      return DeserializationHandlerResponse.FAIL;
    }
    LOG.warn(
        "{}: dead-lettered undecodable {}-{}@{}: {}",
        application,
        record.topic(),
        record.partition(),
        record.offset(),
        exception.getMessage());
    return DeserializationHandlerResponse.CONTINUE;
  }

  private synchronized KafkaProducer<byte[], DeadLetter> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
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
