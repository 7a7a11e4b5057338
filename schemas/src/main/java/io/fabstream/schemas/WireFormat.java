package io.fabstream.schemas;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then Avro binary. Used
 * where code must look at framing without decoding (validation reasons, lineage's schema id).
 */
public final class WireFormat {

  /** The only magic byte the format defines. */
  public static final byte MAGIC = 0;

  /** Magic byte plus schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** The schema id of a framed value, or empty when the bytes are not framed. */
  public static OptionalInt schemaId(byte[] value) {
    if (value == null || value.length < HEADER_LENGTH || value[0] != MAGIC) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(ByteBuffer.wrap(value, 1, 4).getInt());
  }

  /** The Avro payload after the header. */
  public static byte[] payload(byte[] value) {
    if (schemaId(value).isEmpty()) {
      throw new IllegalArgumentException("not in the Confluent wire format (magic byte 0 + id)");
    }
    return Arrays.copyOfRange(value, HEADER_LENGTH, value.length);
  }

  /** Frames an Avro payload with a schema id. */
  public static byte[] frame(int schemaId, byte[] avroPayload) {
    return ByteBuffer.allocate(HEADER_LENGTH + avroPayload.length)
        .put(MAGIC)
        .putInt(schemaId)
        .put(avroPayload)
        .array();
  }
}
