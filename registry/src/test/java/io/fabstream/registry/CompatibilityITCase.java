package io.fabstream.registry;

import static io.fabstream.registry.RegistryHttp.enc;
import static io.fabstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.apicurio.registry.rest.client.models.RuleViolationProblemDetails;
import io.fabstream.registry.RegistryHttp.Reply;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WireFormat;
import org.apache.kafka.common.serialization.Serializer;
import org.assertj.core.util.Throwables;
import org.junit.jupiter.api.Test;

/**
 * Incompatible schemas are refused with 409 through the Confluent API and through the Apicurio
 * serde's create-or-find call, and accepted once the subject's level is NONE.
 */
class CompatibilityITCase {

  /** WaferMap without most fields: the generated WaferMap cannot read its data (no defaults). */
  private static final String OLD_WAFER_MAP =
      "{\"type\":\"record\",\"name\":\"WaferMap\",\"namespace\":\"io.fabstream.schemas\","
          + "\"fields\":[{\"name\":\"waferId\",\"type\":\"string\"}]}";

  @Test
  void confluentApiRefusesIncompatibleSchemaUntilLevelIsNone() {
    RegistryHttp api = new RegistryHttp(EmbeddedSchemaRegistry.shared().confluentUrl());
    String subject = TestSchemas.subject("incompatible");
    String versions = "/subjects/" + enc(subject) + "/versions";
    assertThat(api.post(versions, schemaBody(TestSchemas.record("Tool", 1))).status())
        .isEqualTo(200);

    Reply refused =
        api.post(versions, schemaBody(TestSchemas.recordWithRequired("Tool", "chamber")));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("error_code").asInt()).isEqualTo(409);
    assertThat(refused.json().get("message").asText())
        .contains("incompatible")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("chamber");
    assertThat(api.get(versions).json().toString()).isEqualTo("[1]");

    assertThat(api.put("/config/" + enc(subject), "{\"compatibility\":\"NONE\"}").status())
        .isEqualTo(200);
    Reply accepted =
        api.post(versions, schemaBody(TestSchemas.recordWithRequired("Tool", "chamber")));
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(api.get(versions).json().toString()).isEqualTo("[1,2]");
  }

  @Test
  void transitiveLevelChecksEveryEarlierVersion() {
    RegistryHttp api = new RegistryHttp(EmbeddedSchemaRegistry.shared().confluentUrl());
    String subject = TestSchemas.subject("transitive");
    String versions = "/subjects/" + enc(subject) + "/versions";
    api.put("/config/" + enc(subject), "{\"compatibility\":\"NONE\"}");
    api.post(versions, schemaBody(TestSchemas.record("T", 0)));
    api.post(versions, schemaBody(TestSchemas.recordWithRequired("T", "a")));
    // Compatible with version 2 (reads "a" from it) but version 1 data has no "a".
    String candidate =
        "{\"type\":\"record\",\"name\":\"T\",\"namespace\":\"io.fabstream.test\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"a\",\"type\":\"long\"},"
            + "{\"name\":\"b\",\"type\":\"int\",\"default\":1}]}";
    api.put("/config/" + enc(subject), "{\"compatibility\":\"BACKWARD\"}");
    assertThat(
            api.post("/compatibility/subjects/" + enc(subject) + "/versions", schemaBody(candidate))
                .json()
                .get("is_compatible")
                .asBoolean())
        .isTrue();
    api.put("/config/" + enc(subject), "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
    assertThat(api.post(versions, schemaBody(candidate)).status()).isEqualTo(409);
    api.put("/config/" + enc(subject), "{\"compatibility\":\"FORWARD\"}");
    assertThat(api.post(versions, schemaBody(candidate)).status()).isEqualTo(200);
  }

  @Test
  void apicurioSerdeCreateOrFindIsRefusedUntilLevelIsNone() {
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory())) {
      RegistryHttp api = new RegistryHttp(registry.confluentUrl());
      String subject = TopicCatalog.WAFER_MAPS.valueSubject();
      assertThat(
              api.post("/subjects/" + enc(subject) + "/versions", schemaBody(OLD_WAFER_MAP))
                  .status())
          .isEqualTo(200);
      WaferMap map = TestSchemas.waferMap("W-compat");

      try (Serializer<WaferMap> serializer =
          FabSerdes.valueSerializer(TopicCatalog.WAFER_MAPS, registry.url())) {
        Throwable refused =
            catchThrowable(() -> serializer.serialize(TopicCatalog.WAFER_MAPS.name(), map));
        assertThat(refused).hasRootCauseInstanceOf(RuleViolationProblemDetails.class);
        RuleViolationProblemDetails problem =
            (RuleViolationProblemDetails) Throwables.getRootCause(refused);
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getDetail()).contains("incompatible");
        assertThat(problem.getCauses())
            .anySatisfy(c -> assertThat(c.getDescription()).contains("slot"));
      }
      assertThat(api.get("/subjects/" + enc(subject) + "/versions").json().toString())
          .isEqualTo("[1]");

      api.put("/config/" + enc(subject), "{\"compatibility\":\"NONE\"}");
      try (Serializer<WaferMap> serializer =
          FabSerdes.valueSerializer(TopicCatalog.WAFER_MAPS, registry.url())) {
        byte[] bytes = serializer.serialize(TopicCatalog.WAFER_MAPS.name(), map);
        int id = api.get("/subjects/" + enc(subject) + "/versions/2").json().get("id").asInt();
        assertThat(WireFormat.schemaId(bytes)).hasValue(id);
      }
    }
  }
}
