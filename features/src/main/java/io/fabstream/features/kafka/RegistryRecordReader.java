package io.fabstream.features.kafka;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a registry-framed Avro topic (Confluent wire format, through Apicurio's serde) into the
 * Flink type a job works on. The Kafka coordinates go to the converter for lineage, and a record
 * that does not decode becomes a rejected value rather than a job failure: the job sends it to the
 * dead-letter topic.
 *
 * @param <V> the Avro record type of the topic
 * @param <T> the type the job's stream carries
 */
public final class RegistryRecordReader<V extends SpecificRecord, T>
    implements KafkaRecordDeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  /** Turns decoded values, and records that did not decode, into the stream's type. */
  public interface Converter<V, T> extends Serializable {
    /** A decoded value with the record it came from. */
    T decoded(V value, ConsumerRecord<byte[], byte[]> record);

    /** A record that could not be used. */
    T rejected(RejectedRecord rejected);
  }

  private final String topicName;
  private final String registryUrl;
  private final Converter<V, T> converter;
  private final TypeInformation<T> producedType;
  private transient Deserializer<V> deserializer;

  public RegistryRecordReader(
      Topic<?, V> topic,
      String registryUrl,
      Converter<V, T> converter,
      TypeInformation<T> producedType) {
    if (!topic.avroValues()) {
      throw new IllegalArgumentException("topic " + topic.name() + " does not carry Avro values");
    }
    this.topicName = topic.name();
    this.registryUrl = registryUrl;
    this.converter = converter;
    this.producedType = producedType;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(DeserializationSchema.InitializationContext context) {
    Topic<?, V> topic =
        (Topic<?, V>)
            TopicCatalog.byName(topicName)
                .orElseThrow(() -> new IllegalStateException("unknown topic " + topicName));
    deserializer = FabSerdes.valueDeserializer(topic, registryUrl);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    if (record.value() == null) {
      out.collect(
          converter.rejected(
              RejectedRecord.of(record, "NULL_VALUE", "record has no value (tombstone)")));
      return;
    }
    V value;
    try {
      value = deserializer.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      out.collect(
          converter.rejected(
              RejectedRecord.of(
                  record,
                  "UNDECODABLE",
                  "value does not decode as " + topicName + " Avro: " + e.getMessage())));
      return;
    }
    T converted;
    try {
      converted = converter.decoded(value, record);
    } catch (RuntimeException e) {
      converted =
          converter.rejected(
              RejectedRecord.of(record, "UNUSABLE", "decoded value unusable: " + e.getMessage()));
    }
    out.collect(converted);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return producedType;
  }
}
