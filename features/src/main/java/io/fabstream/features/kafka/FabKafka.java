package io.fabstream.features.kafka;

import io.fabstream.schemas.KafkaClientSecurity;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The one place the feature jobs' Kafka sources and sinks are configured, so every job reads only
 * committed records (its inputs are written transactionally) and writes transactionally.
 */
public final class FabKafka {

  /**
   * Producer transaction timeout: above checkpoint interval plus restart time, and below the
   * broker's default {@code transaction.max.timeout.ms} (15 min), which rejects Flink's default (1
   * h).
   */
  public static final int TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;

  private FabKafka() {}

  /**
   * A source for one validated topic. It resumes from the group's committed offsets (earliest when
   * none) and, when {@code bounded}, stops at the offsets that were the latest when it started.
   */
  public static <T> KafkaSource<T> source(
      FlinkKafkaSettings settings,
      String topic,
      String role,
      KafkaRecordDeserializationSchema<T> reader) {
    var builder =
        KafkaSource.<T>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setTopics(topic)
            .setGroupId(settings.jobName() + "-" + role)
            .setClientIdPrefix(settings.jobName() + "-" + role)
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(reader)
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "30000");
    // SASL/SCRAM over TLS where this process is configured for it (read where the job is built)
    KafkaClientSecurity.current().clientConfig().forEach(builder::setProperty);
    if (settings.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /**
   * An exactly-once sink: records become visible when the checkpoint that covers them completes.
   */
  public static <T> KafkaSink<T> exactlyOnceSink(
      FlinkKafkaSettings settings, String role, KafkaRecordSerializationSchema<T> writer) {
    Properties producer = new Properties();
    producer.setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT_MS));
    producer.setProperty("compression.type", "lz4");
    producer.setProperty("linger.ms", "5");
    producer.setProperty("retry.backoff.ms", "10");
    KafkaClientSecurity.apply(producer);
    return KafkaSink.<T>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setRecordSerializer(writer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(settings.jobName() + "-" + role)
        .setKafkaProducerConfig(producer)
        .build();
  }
}
