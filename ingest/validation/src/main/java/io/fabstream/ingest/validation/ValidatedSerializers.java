package io.fabstream.ingest.validation;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.Topic;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serializers for the topics validation writes: FabSerdes' settings (Confluent wire format,
 * content ids, auto-register) plus {@code apicurio.registry.dereference-schema=true}, so a schema
 * with a nested named type ({@code LotEvent}'s {@code LotEventType} enum) is registered as one
 * self-contained schema, as a Confluent serializer would, instead of as artifact references that
 * Confluent-API clients and the embedded registry do not support. Readers are unaffected: they
 * fetch the schema by id either way. Drop this class once {@link FabSerdes} sets the flag itself.
 */
public final class ValidatedSerializers {

  /** Apicurio setting that inlines nested named types when registering. */
  public static final String DEREFERENCE_SCHEMA = "apicurio.registry.dereference-schema";

  private ValidatedSerializers() {}

  /** A value serializer for {@code topic} that registers self-contained schemas. */
  public static <V extends SpecificRecord> Serializer<V> valueSerializer(
      Topic<?, V> topic, String registryRoot) {
    if (!topic.avroValues()) {
      throw new IllegalArgumentException("topic " + topic.name() + " does not carry Avro values");
    }
    Map<String, Object> config = FabSerdes.serdeConfig(registryRoot, true);
    config.put(DEREFERENCE_SCHEMA, true);
    AvroKafkaSerializer<V> serializer = new AvroKafkaSerializer<>();
    serializer.configure(config, false);
    return serializer;
  }
}
