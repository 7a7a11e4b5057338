package io.fabstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WireFormat;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * fabstream's Apicurio serdes through the embedded registry and a real broker: the bytes on the
 * topic carry the registry's id in the Confluent wire format and decode with the serde and with
 * plain Avro.
 */
class SerdeRoundTripITCase {

  @Test
  void waferMapRoundTripsThroughRegistryAndBroker() throws IOException {
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, List.of(TopicCatalog.WAFER_MAPS));
    WaferMap original = TestSchemas.waferMap("W-" + UUID.randomUUID());

    byte[] bytes;
    try (Serializer<WaferMap> serializer =
        FabSerdes.valueSerializer(TopicCatalog.WAFER_MAPS, registry.url())) {
      byte[] produced = serializer.serialize(TopicCatalog.WAFER_MAPS.name(), original);
      bytes =
          BrokerIo.roundTrip(
              bootstrap, TopicCatalog.WAFER_MAPS.name(), original.getWaferId(), produced);
    }

    RegistryHttp confluent = new RegistryHttp(registry.confluentUrl());
    RegistryHttp.Reply latest =
        confluent.get("/subjects/" + TopicCatalog.WAFER_MAPS.valueSubject() + "/versions/latest");
    assertThat(latest.status()).isEqualTo(200);
    int id = latest.json().get("id").asInt();
    assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC);
    assertThat(WireFormat.schemaId(bytes)).hasValue(id);

    try (Deserializer<WaferMap> deserializer =
        FabSerdes.valueDeserializer(TopicCatalog.WAFER_MAPS, registry.url())) {
      assertThat(deserializer.deserialize(TopicCatalog.WAFER_MAPS.name(), bytes))
          .isEqualTo(original);
    }

    RegistryHttp.Reply byId = confluent.get("/schemas/ids/" + id);
    assertThat(byId.status()).isEqualTo(200);
    Schema writer = new Schema.Parser().parse(byId.json().get("schema").asText());
    SpecificDatumReader<WaferMap> reader =
        new SpecificDatumReader<>(writer, WaferMap.getClassSchema());
    byte[] payload = WireFormat.payload(bytes);
    WaferMap plain = reader.read(null, DecoderFactory.get().binaryDecoder(payload, null));
    assertThat(plain).isEqualTo(original);
  }
}
