package io.fabstream.ingest.validation;

import io.fabstream.schemas.Topic;
import io.fabstream.schemas.WireFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a raw topic's value bytes into the record the topic is meant to carry, or a rejection that
 * says which of the ways it failed: null, not framed, unknown schema id, another record type, or an
 * Avro body that does not decode with its writer schema. Not thread-safe: one per stream task.
 *
 * @param <T> the Avro record the topic carries
 */
public final class RawRecordDecoder<T extends SpecificRecord> {

  private final String topicName;
  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final WriterSchemas writerSchemas;
  private final Map<Integer, SpecificDatumReader<T>> readers = new HashMap<>();
  private BinaryDecoder reuse;

  public RawRecordDecoder(Topic<?, T> validatedTopic, String rawTopicName, WriterSchemas schemas) {
    this.topicName = rawTopicName;
    this.type = validatedTopic.valueType();
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.writerSchemas = schemas;
  }

  /** Decodes {@code value}; never throws for bad bytes, only for an unreachable registry. */
  public Verdict<T> decode(byte[] value) {
    if (value == null) {
      return Verdict.reject(
          ReasonCode.NULL_VALUE,
          "value is null (a tombstone); " + topicName + " carries no deletes");
    }
    OptionalInt id = WireFormat.schemaId(value);
    if (id.isEmpty()) {
      return Verdict.reject(ReasonCode.NOT_FRAMED, notFramed(value));
    }
    SpecificDatumReader<T> reader = readers.get(id.getAsInt());
    if (reader == null) {
      Verdict<SpecificDatumReader<T>> found = readerFor(id.getAsInt());
      if (found instanceof Verdict.Rejected<SpecificDatumReader<T>> r) {
        return new Verdict.Rejected<>(r.rejection());
      }
      reader = ((Verdict.Accepted<SpecificDatumReader<T>>) found).value();
      readers.put(id.getAsInt(), reader);
    }
    return read(reader, value, id.getAsInt());
  }

  private Verdict<SpecificDatumReader<T>> readerFor(int id) {
    WriterSchemas.Lookup lookup = writerSchemas.byId(id);
    if (lookup instanceof WriterSchemas.Lookup.Found f) {
      return compatibleReader(id, f.schema());
    }
    if (lookup instanceof WriterSchemas.Lookup.NotAvro n) {
      return Verdict.reject(ReasonCode.WRONG_RECORD_TYPE, n.detail());
    }
    return Verdict.reject(
        ReasonCode.UNKNOWN_SCHEMA_ID,
        "schema id "
            + id
            + " is not registered ("
            + ((WriterSchemas.Lookup.NotRegistered) lookup).detail()
            + ")");
  }

  private Verdict<SpecificDatumReader<T>> compatibleReader(int id, Schema writer) {
    if (writer.getType() != Schema.Type.RECORD
        || !writer.getFullName().equals(readerSchema.getFullName())) {
      return Verdict.reject(
          ReasonCode.WRONG_RECORD_TYPE,
          "schema id "
              + id
              + " is "
              + writer.getFullName()
              + " but "
              + topicName
              + " carries "
              + readerSchema.getFullName());
    }
    return Verdict.accept(new SpecificDatumReader<>(writer, readerSchema, model));
  }

  private Verdict<T> read(SpecificDatumReader<T> reader, byte[] value, int id) {
    int length = value.length - WireFormat.HEADER_LENGTH;
    try {
      reuse = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_LENGTH, length, reuse);
      T record = reader.read(null, reuse);
      if (!reuse.isEnd()) {
        return Verdict.reject(
            ReasonCode.UNDECODABLE,
            "Avro body of "
                + length
                + " bytes (schema id "
                + id
                + ") has trailing bytes after the "
                + type.getSimpleName()
                + " record");
      }
      return Verdict.accept(record);
    } catch (IOException | RuntimeException e) {
      return Verdict.reject(
          ReasonCode.UNDECODABLE,
          "Avro body of "
              + length
              + " bytes does not decode as "
              + type.getSimpleName()
              + " with schema id "
              + id
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + WriterSchemas.abbreviate(e.getMessage()));
    }
  }

  private static String notFramed(byte[] value) {
    if (value.length < WireFormat.HEADER_LENGTH) {
      return "value of "
          + value.length
          + " bytes is shorter than the 5-byte wire-format header (magic 0 + schema id)";
    }
    return "value starts with byte 0x"
        + HexFormat.of().toHexDigits(value[0])
        + ", not the wire-format magic byte 0x00 (first bytes: "
        + HexFormat.of().formatHex(value, 0, Math.min(value.length, 8))
        + ")";
  }
}
