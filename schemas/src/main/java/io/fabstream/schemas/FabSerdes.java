package io.fabstream.schemas;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serdes for catalog topics. Avro values go through Apicurio Registry's serdes configured for
 * the Confluent wire format (magic byte 0, 4-byte content id, Avro binary, no headers), so
 * equipment that uses Confluent serializers and fabstream read each other's records through any
 * registry that speaks both APIs (Apicurio itself, or fabstream's embedded registry).
 */
public final class FabSerdes {

  private FabSerdes() {}

  /**
   * Base URL of the Apicurio v3 REST API for a registry root, e.g. {@code http://localhost:8081}
   * gives {@code http://localhost:8081/apis/registry/v3}.
   */
  public static String apicurioApi(String registryRoot) {
    String root = stripSlash(registryRoot);
    return root.endsWith("/apis/registry/v3") ? root : root + "/apis/registry/v3";
  }

  /** Base URL of the Confluent-compatible REST API for a registry root. */
  public static String confluentApi(String registryRoot) {
    String root = stripSlash(registryRoot);
    return root.endsWith("/apis/ccompat/v7") ? root : root + "/apis/ccompat/v7";
  }

  /** Apicurio serde settings for the Confluent wire format against {@code registryRoot}. */
  public static Map<String, Object> serdeConfig(String registryRoot, boolean autoRegister) {
    Map<String, Object> config = new HashMap<>();
    config.put("apicurio.registry.url", apicurioApi(registryRoot));
    config.put("apicurio.registry.auto-register", autoRegister);
    config.put("apicurio.registry.auto-register.if-exists", "FIND_OR_CREATE_VERSION");
    config.put("apicurio.registry.headers.enabled", false);
    config.put("apicurio.registry.use-id", "contentId");
    config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
    config.put("apicurio.registry.use-specific-avro-reader", true);
    config.put("apicurio.registry.avro.encoding", "BINARY");
    // One self-contained schema per record type: Confluent-format readers expect no references for
    // named types nested in a record (enums, sub-records).
    config.put("apicurio.registry.dereference-schema", true);
    config.put("apicurio.registry.retry-count", 5);
    config.put("apicurio.registry.retry-backoff-ms", 200);
    return config;
  }

  /** A value serializer for an Avro topic that registers its schema on first use. */
  public static <V extends SpecificRecord> Serializer<V> valueSerializer(
      Topic<?, V> topic, String registryRoot) {
    requireAvro(topic);
    return avroSerializer(registryRoot);
  }

  /**
   * A value serializer not tied to a typed topic, for what equipment writes to the raw {@code
   * byte[]} topics: the schema registers under the subject of the topic it is called with.
   */
  public static <V extends SpecificRecord> Serializer<V> avroSerializer(String registryRoot) {
    AvroKafkaSerializer<V> serializer = new AvroKafkaSerializer<>();
    serializer.configure(serdeConfig(registryRoot, true), false);
    return serializer;
  }

  /** A value deserializer for an Avro topic that returns the generated class. */
  public static <V extends SpecificRecord> Deserializer<V> valueDeserializer(
      Topic<?, V> topic, String registryRoot) {
    requireAvro(topic);
    AvroKafkaDeserializer<V> deserializer = new AvroKafkaDeserializer<>();
    Map<String, Object> config = serdeConfig(registryRoot, false);
    config.put("apicurio.registry.deserializer.value.return-class", topic.valueType().getName());
    deserializer.configure(config, false);
    return deserializer;
  }

  /** Serializer and deserializer together, for Kafka Streams. */
  public static <V extends SpecificRecord> Serde<V> valueSerde(
      Topic<?, V> topic, String registryRoot) {
    return Serdes.serdeFrom(
        valueSerializer(topic, registryRoot), valueDeserializer(topic, registryRoot));
  }

  /** Key serde by the topic's key format. */
  @SuppressWarnings("unchecked")
  public static <K> Serde<K> keySerde(Topic<K, ?> topic) {
    return switch (topic.keyFormat()) {
      case STRING -> (Serde<K>) Serdes.String();
      case BYTES -> (Serde<K>) Serdes.ByteArray();
    };
  }

  private static void requireAvro(Topic<?, ?> topic) {
    if (!topic.avroValues()) {
      throw new IllegalArgumentException(
          "topic " + topic.name() + " carries " + topic.valueType().getSimpleName() + ", not Avro");
    }
  }

  private static String stripSlash(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("schema registry URL must be set");
    }
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }
}
