package io.fabstream.schemas;

import java.util.Map;
import java.util.Objects;

/**
 * One Kafka topic of the pipeline with everything a producer, consumer or admin needs to agree on:
 * name, key and value types, partitions and cleanup policy. Modules never spell topic names
 * themselves; they take a {@code Topic} from {@link TopicCatalog}.
 *
 * @param <K> key type
 * @param <V> value type (an Avro record class, or {@code byte[]} for raw topics)
 */
public final class Topic<K, V> {

  /** How a topic's key is encoded. */
  public enum KeyFormat {
    /** UTF-8 string key (wafer id, tool/chamber, lot id). */
    STRING,
    /** Raw bytes (the dead-letter topic keeps the original key). */
    BYTES
  }

  private final String name;
  private final Class<K> keyType;
  private final KeyFormat keyFormat;
  private final Class<V> valueType;
  private final int partitions;
  private final String cleanupPolicy;
  private final String description;
  private final Map<String, String> extraConfig;

  Topic(
      String name,
      Class<K> keyType,
      KeyFormat keyFormat,
      Class<V> valueType,
      int partitions,
      String cleanupPolicy,
      String description,
      Map<String, String> extraConfig) {
    this.name = Objects.requireNonNull(name);
    this.keyType = Objects.requireNonNull(keyType);
    this.keyFormat = Objects.requireNonNull(keyFormat);
    this.valueType = Objects.requireNonNull(valueType);
    this.partitions = partitions;
    this.cleanupPolicy = Objects.requireNonNull(cleanupPolicy);
    this.description = Objects.requireNonNull(description);
    this.extraConfig = Map.copyOf(extraConfig);
  }

  public String name() {
    return name;
  }

  public Class<K> keyType() {
    return keyType;
  }

  public KeyFormat keyFormat() {
    return keyFormat;
  }

  public Class<V> valueType() {
    return valueType;
  }

  /** True when values are Avro records framed in the Confluent wire format. */
  public boolean avroValues() {
    return org.apache.avro.specific.SpecificRecord.class.isAssignableFrom(valueType);
  }

  public int partitions() {
    return partitions;
  }

  /** {@code delete} or {@code compact}. */
  public String cleanupPolicy() {
    return cleanupPolicy;
  }

  public String description() {
    return description;
  }

  /** Topic-level configs beyond partitions and cleanup policy (retention, compaction lag). */
  public Map<String, String> extraConfig() {
    return extraConfig;
  }

  /**
   * Registry subject of the value schema (Confluent TopicNameStrategy, Apicurio TopicIdStrategy).
   */
  public String valueSubject() {
    return name + "-value";
  }

  @Override
  public String toString() {
    return name;
  }
}
