package io.fabstream.features.kafka;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.FramedAvro;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Encodes a job's Avro output in the Confluent wire format (registering the schema under the
 * topic's value subject) with a key and an event-time record timestamp, so downstream jobs can take
 * event time straight from Kafka.
 */
public final class RegistryRecordWriter<V extends SpecificRecord>
    implements KafkaRecordSerializationSchema<V> {

  private static final long serialVersionUID = 1L;

  /** Serializable accessor of a record field. */
  public interface Field<V, R> extends Function<V, R>, Serializable {}

  private final String topicName;
  private final String destination;
  private final String registryUrl;
  private final Field<V, byte[]> key;
  private transient FramedAvro.Writer<V> writer;

  private RegistryRecordWriter(
      String topicName, String destination, String registryUrl, Field<V, byte[]> key) {
    this.topicName = topicName;
    this.destination = destination;
    this.registryUrl = registryUrl;
    this.key = key;
  }

  /** A writer for a topic with string keys. */
  public static <V extends SpecificRecord> RegistryRecordWriter<V> stringKeyed(
      Topic<String, V> topic, String registryUrl, Field<V, String> key) {
    return new RegistryRecordWriter<>(
        requireAvro(topic),
        topic.name(),
        registryUrl,
        v -> {
          String k = key.apply(v);
          return k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        });
  }

  /** A writer for a topic with byte keys. */
  public static <V extends SpecificRecord> RegistryRecordWriter<V> bytesKeyed(
      Topic<byte[], V> topic, String registryUrl, Field<V, byte[]> key) {
    return new RegistryRecordWriter<>(requireAvro(topic), topic.name(), registryUrl, key);
  }

  /**
   * The same writer sending to {@code destination} instead of the catalog's topic name (tests and
   * side-by-side deployments use their own topics; the schema subject follows the destination).
   */
  public RegistryRecordWriter<V> to(String destination) {
    return new RegistryRecordWriter<>(topicName, destination, registryUrl, key);
  }

  /** The topic records are written to. */
  public String destination() {
    return destination;
  }

  private static String requireAvro(Topic<?, ?> topic) {
    if (!topic.avroValues()) {
      throw new IllegalArgumentException("topic " + topic.name() + " does not carry Avro values");
    }
    return topic.name();
  }

  /**
   * Neither context is read: the writer needs only the registry, so {@link RecordEncoder} may pass
   * null.
   */
  @Override
  @SuppressWarnings("unchecked")
  public void open(
      SerializationSchema.InitializationContext context,
      KafkaRecordSerializationSchema.KafkaSinkContext sinkContext) {
    Topic<?, V> topic =
        (Topic<?, V>)
            TopicCatalog.byName(topicName)
                .orElseThrow(() -> new IllegalStateException("unknown topic " + topicName));
    writer = new FramedAvro.Writer<>(FabSerdes.valueSerializer(topic, registryUrl));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      V element, KafkaRecordSerializationSchema.KafkaSinkContext context, Long timestamp) {
    byte[] value = writer.write(destination, element);
    return new ProducerRecord<>(destination, key.apply(element), value);
  }
}
