package io.fabstream.inference.scoring;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes Kafka records through undecoded: the scorer decodes them, so a bad record never fails the
 * source and always reaches the dead-letter topic with its coordinates.
 */
public final class SourceRecordReader implements KafkaRecordDeserializationSchema<SourceRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
    out.collect(SourceRecord.of(record));
  }

  @Override
  public TypeInformation<SourceRecord> getProducedType() {
    return TypeInformation.of(SourceRecord.class);
  }
}
