package io.fabstream.ingest.replay;

import static org.awaitility.Awaitility.await;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic back from the start, decoding values through the registry, as a consumer would. */
final class TopicReader {

  private TopicReader() {}

  /** Waits until {@code topic} holds {@code expected} records and returns them decoded. */
  static <V extends SpecificRecord> List<V> readAll(
      String bootstrap, String registry, String topic, Topic<?, V> schemaOf, int expected) {
    List<V> values = new ArrayList<>();
    Deserializer<V> deserializer = FabSerdes.valueDeserializer(schemaOf, registry);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(deserializer.deserialize(topic, r.value()));
                }
                return values.size() >= expected;
              });
    } finally {
      deserializer.close();
    }
    return values;
  }
}
