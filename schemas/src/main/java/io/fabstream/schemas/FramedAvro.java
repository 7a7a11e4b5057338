package io.fabstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Hot-path codecs for the Confluent wire format, producing and accepting exactly the bytes the
 * Apicurio serdes of {@link FabSerdes} do, without their per-record costs (the Apicurio serializer
 * rebuilds a datum writer and fingerprints the schema for every record; its deserializer copies
 * every record once more). Registration and id semantics stay Apicurio's: the writer learns its
 * schema id from the Apicurio serializer on its first record; the reader fetches each writer schema
 * once by id from the registry's Confluent-compatible API and falls back to the Apicurio
 * deserializer when it cannot.
 */
public final class FramedAvro {

  private FramedAvro() {}

  /** An encoder for one record class. Not thread-safe: one per task. */
  public static final class Writer<V extends SpecificRecord> {
    private final Serializer<V> registering;
    private SpecificDatumWriter<V> datumWriter;
    private int schemaId = -1;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private BinaryEncoder encoder;

    /** A writer registering (or finding) its schema through {@code registering} on first use. */
    public Writer(Serializer<V> registering) {
      this.registering = registering;
    }

    /** The framed bytes of {@code value}, written to {@code topic}'s subject. */
    public byte[] write(String topic, V value) {
      if (schemaId < 0) {
        byte[] first = registering.serialize(topic, value);
        OptionalInt id = WireFormat.schemaId(first);
        if (id.isEmpty()) {
          throw new IllegalStateException("the registry serializer did not frame its output");
        }
        schemaId = id.getAsInt();
        datumWriter = new SpecificDatumWriter<>(value.getSchema());
        return first;
      }
      buffer.reset();
      buffer.write(WireFormat.MAGIC);
      buffer.write(schemaId >>> 24);
      buffer.write(schemaId >>> 16);
      buffer.write(schemaId >>> 8);
      buffer.write(schemaId);
      encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
      try {
        datumWriter.write(value, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode " + value.getSchema().getFullName(), e);
      }
      return buffer.toByteArray();
    }
  }

  /** A decoder into one record class. Not thread-safe: one per task. */
  public static final class Reader<V extends SpecificRecord> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Schema readerSchema;
    private final String registryRoot;
    private final Deserializer<V> fallback;
    private final Map<Integer, SpecificDatumReader<V>> byId = new HashMap<>();
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private BinaryDecoder decoder;

    /**
     * @param type the generated class records decode into
     * @param registryRoot the registry, for writer schemas by id
     * @param fallback the Apicurio deserializer for ids whose schema cannot be fetched
     */
    public Reader(Class<V> type, String registryRoot, Deserializer<V> fallback) {
      this.readerSchema = SpecificData.get().getSchema(type);
      this.registryRoot = registryRoot;
      this.fallback = fallback;
    }

    /**
     * Decodes framed bytes.
     *
     * @throws RuntimeException when they are not framed or do not decode
     */
    public V read(String topic, byte[] value) {
      OptionalInt id = WireFormat.schemaId(value);
      if (id.isEmpty()) {
        throw new IllegalArgumentException(
            "not in the Confluent wire format (magic byte 0 + 4-byte schema id)");
      }
      SpecificDatumReader<V> reader = byId.computeIfAbsent(id.getAsInt(), this::readerFor);
      if (reader == null) {
        return fallback.deserialize(topic, value);
      }
      decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  value,
                  WireFormat.HEADER_LENGTH,
                  value.length - WireFormat.HEADER_LENGTH,
                  decoder);
      try {
        V out = reader.read(null, decoder);
        if (!decoder.isEnd()) {
          throw new IllegalArgumentException(
              "value has bytes left after a " + readerSchema.getName() + " record");
        }
        return out;
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "value does not decode as "
                + readerSchema.getName()
                + " with schema id "
                + id.getAsInt()
                + ": "
                + e,
            e);
      }
    }

    /** The reader for a writer schema id, or null to use the fallback for it. */
    private SpecificDatumReader<V> readerFor(int id) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(FabSerdes.confluentApi(registryRoot) + "/schemas/ids/" + id))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          return null;
        }
        JsonNode body = JSON.readTree(response.body());
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
          return null;
        }
        Schema writer = new Schema.Parser().parse(body.get("schema").asText());
        return new SpecificDatumReader<>(writer, readerSchema);
      } catch (IOException | RuntimeException e) {
        return null; // the fallback deserializer reports what is wrong, record by record
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
