package io.fabstream.features.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Encodes one output of a job for the shared sink ({@link EncodedRecord}), with the same schema
 * registration, key and wire format as that output's own {@link RegistryRecordWriter} sink would
 * use.
 *
 * @param <V> the output's record type
 */
public final class RecordEncoder<V extends SpecificRecord>
    extends RichMapFunction<V, EncodedRecord> {

  private static final long serialVersionUID = 1L;

  private final RegistryRecordWriter<V> writer;

  public RecordEncoder(RegistryRecordWriter<V> writer) {
    this.writer = writer;
  }

  @Override
  public void open(OpenContext context) {
    writer.open(null, null);
  }

  @Override
  public EncodedRecord map(V value) {
    var record = writer.serialize(value, null, null);
    return new EncodedRecord(record.topic(), record.key(), record.value());
  }
}
