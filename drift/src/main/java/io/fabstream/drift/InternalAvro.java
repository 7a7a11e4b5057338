package io.fabstream.drift;

import io.fabstream.drift.stats.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro records in the drift apps' own state stores and repartition topics: plain Avro binary behind
 * a format byte, no registry. Those bytes never leave the application that wrote them, and a
 * registry lookup per record on an internal topic costs milliseconds that a drift monitor reading
 * every prediction cannot spend.
 *
 * @param <T> the record type
 */
public final class InternalAvro<T extends SpecificRecord> {

  private static final int FORMAT = 1;
  private static final int MAX_BYTES = 1 << 22;

  private final Class<T> type;
  private final SpecificDatumWriter<T> writer;
  private final SpecificDatumReader<T> reader;

  public InternalAvro(Class<T> type) {
    this.type = type;
    this.writer = new SpecificDatumWriter<>(type);
    this.reader = new SpecificDatumReader<>(type);
  }

  /** Writes {@code value} as a length and its Avro binary. */
  public void write(DataOutputStream out, T value) throws IOException {
    ByteArrayOutputStream avro = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(avro, null);
    writer.write(value, encoder);
    encoder.flush();
    out.writeInt(avro.size());
    avro.writeTo(out);
  }

  /** Reads what {@link #write} wrote. */
  public T read(DataInputStream in) throws IOException {
    int n = StateCodec.readBoundedInt(in, type.getSimpleName() + " bytes", 1, MAX_BYTES);
    byte[] avro = in.readNBytes(n);
    if (avro.length != n) {
      throw new IOException(type.getSimpleName() + " truncated: " + avro.length + " of " + n);
    }
    return reader.read(
        null, DecoderFactory.get().binaryDecoder(new ByteArrayInputStream(avro), null));
  }

  /** One record framed on its own. */
  public byte[] toBytes(T value) {
    return StateCodec.encode(FORMAT, out -> write(out, value));
  }

  /** Decodes {@link #toBytes}. */
  public T fromBytes(byte[] bytes) {
    return StateCodec.decode(bytes, type.getSimpleName(), FORMAT, (in, version) -> read(in));
  }

  /** The serde of internal topics and stores. */
  public Serde<T> serde() {
    return Serdes.serdeFrom(
        (topic, v) -> v == null ? null : toBytes(v), (topic, b) -> b == null ? null : fromBytes(b));
  }
}
