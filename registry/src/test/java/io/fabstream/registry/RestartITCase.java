package io.fabstream.registry;

import static io.fabstream.registry.RegistryHttp.enc;
import static io.fabstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabstream.platform.kafka.KafkaClusters;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** State kept in the Kafka topic survives a restart with the same subjects, versions and ids. */
class RestartITCase {

  @Test
  void restartedRegistryKeepsIdsAndContinuesTheSequence() {
    EmbeddedSchemaRegistry.Settings settings =
        EmbeddedSchemaRegistry.Settings.kafkaBacked(KafkaClusters.shared().bootstrapServers())
            .withTopic("_fabstream_schemas_restart_" + UUID.randomUUID());
    String orders = "orders-value";
    String tools = "tools-value";
    JsonNode subjectsBefore;
    JsonNode ordersV2;
    JsonNode toolsV1;
    int maxId;
    try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(settings)) {
      RegistryHttp api = new RegistryHttp(first.confluentUrl());
      api.post("/subjects/" + orders + "/versions", schemaBody(TestSchemas.record("Order", 0)));
      api.post("/subjects/" + orders + "/versions", schemaBody(TestSchemas.record("Order", 1)));
      api.post("/subjects/" + orders + "/versions", schemaBody(TestSchemas.record("Order", 2)));
      api.post("/subjects/" + tools + "/versions", schemaBody(TestSchemas.record("Order", 1)));
      api.put("/config/" + tools, "{\"compatibility\":\"NONE\"}");
      api.put("/config", "{\"compatibility\":\"FULL\"}");
      api.delete("/subjects/" + orders + "/versions/3");
      subjectsBefore = api.get("/subjects").json();
      ordersV2 = api.get("/subjects/" + orders + "/versions/2").json();
      toolsV1 = api.get("/subjects/" + tools + "/versions/1").json();
      maxId = api.get("/subjects/" + orders + "/versions/3?deleted=true").json().get("id").asInt();
      assertThat(toolsV1.get("id")).isEqualTo(ordersV2.get("id"));
    }

    try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(settings)) {
      RegistryHttp api = new RegistryHttp(second.confluentUrl());
      assertThat(api.get("/subjects").json()).isEqualTo(subjectsBefore);
      assertThat(api.get("/subjects/" + orders + "/versions").json().toString()).isEqualTo("[1,2]");
      assertThat(api.get("/subjects/" + orders + "/versions/2").json()).isEqualTo(ordersV2);
      assertThat(api.get("/subjects/" + tools + "/versions/1").json()).isEqualTo(toolsV1);
      assertThat(api.get("/config/" + tools).json().get("compatibilityLevel").asText())
          .isEqualTo("NONE");
      assertThat(api.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
      assertThat(api.get("/schemas/ids/" + maxId).status()).isEqualTo(200);

      JsonNode again =
          api.post("/subjects/" + orders + "/versions", schemaBody(TestSchemas.record("Order", 1)))
              .json();
      assertThat(again.get("id")).isEqualTo(ordersV2.get("id"));
      String fresh = "fresh-" + UUID.randomUUID() + "-value";
      int next =
          api.post(
                  "/subjects/" + enc(fresh) + "/versions", schemaBody(TestSchemas.record("New", 3)))
              .json()
              .get("id")
              .asInt();
      assertThat(next).isEqualTo(maxId + 1);
      assertThat(
              api.post(
                      "/subjects/" + orders + "/versions",
                      schemaBody(TestSchemas.record("Order", 4)))
                  .json()
                  .get("id")
                  .asInt())
          .isEqualTo(maxId + 2);
      assertThat(api.get("/subjects/" + orders + "/versions/latest").json().get("version").asInt())
          .as("versions never reuse a soft-deleted number")
          .isEqualTo(4);
    }
  }
}
