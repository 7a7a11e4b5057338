package io.fabstream.registry;

import static io.fabstream.registry.RegistryHttp.enc;
import static io.fabstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabstream.registry.RegistryHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Every Confluent endpoint of the embedded registry, on the Kafka-backed shared instance. */
class ConfluentApiITCase {

  private final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
  private final RegistryHttp api = new RegistryHttp(registry.confluentUrl());

  @Test
  void registersAndReadsBackSubjectsVersionsAndIds() {
    String subject = TestSchemas.subject("confluent");
    String v1 = TestSchemas.record("Reading", 0);
    String v2 = TestSchemas.record("Reading", 1);

    Reply first = api.post("/subjects/" + enc(subject) + "/versions", schemaBody(v1));
    assertThat(first.status()).isEqualTo(200);
    int id1 = first.json().get("id").asInt();
    Reply again = api.post("/subjects/" + enc(subject) + "/versions", schemaBody(v1));
    assertThat(again.json().get("id").asInt()).as("idempotent re-registration").isEqualTo(id1);
    String reformatted = new Schema.Parser().parse(v1).toString(true);
    assertThat(
            api.post("/subjects/" + enc(subject) + "/versions", schemaBody(reformatted))
                .json()
                .get("id")
                .asInt())
        .as("same content, other whitespace")
        .isEqualTo(id1);
    int id2 =
        api.post("/subjects/" + enc(subject) + "/versions", schemaBody(v2))
            .json()
            .get("id")
            .asInt();
    assertThat(id2).isGreaterThan(id1);

    assertThat(texts(api.get("/subjects").json())).contains(subject);
    assertThat(api.get("/subjects/" + enc(subject) + "/versions").json().toString())
        .isEqualTo("[1,2]");

    JsonNode latest = api.get("/subjects/" + enc(subject) + "/versions/latest").json();
    assertThat(latest.get("subject").asText()).isEqualTo(subject);
    assertThat(latest.get("version").asInt()).isEqualTo(2);
    assertThat(latest.get("id").asInt()).isEqualTo(id2);
    assertThat(new Schema.Parser().parse(latest.get("schema").asText()))
        .isEqualTo(new Schema.Parser().parse(v2));
    assertThat(api.get("/subjects/" + enc(subject) + "/versions/1").json().get("id").asInt())
        .isEqualTo(id1);
    assertThat(api.get("/subjects/" + enc(subject) + "/versions/-1").json().get("version").asInt())
        .isEqualTo(2);

    Reply raw = api.get("/subjects/" + enc(subject) + "/versions/1/schema");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(new Schema.Parser().parse(raw.text())).isEqualTo(new Schema.Parser().parse(v1));

    Reply lookup = api.post("/subjects/" + enc(subject), schemaBody(reformatted));
    assertThat(lookup.status()).isEqualTo(200);
    assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
    assertThat(lookup.json().get("id").asInt()).isEqualTo(id1);

    Reply byId = api.get("/schemas/ids/" + id2);
    assertThat(new Schema.Parser().parse(byId.json().get("schema").asText()))
        .isEqualTo(new Schema.Parser().parse(v2));
    assertThat(api.get("/schemas/ids/" + id2 + "/versions").json())
        .isEqualTo(
            RegistryHttp.MAPPER.valueToTree(List.of(Map.of("subject", subject, "version", 2))));
    assertThat(api.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
  }

  @Test
  void sameContentUnderTwoSubjectsSharesOneId() {
    String schema = TestSchemas.record("Shared", 2);
    String a = TestSchemas.subject("shared-a");
    String b = TestSchemas.subject("shared-b");
    int idA =
        api.post("/subjects/" + enc(a) + "/versions", schemaBody(schema)).json().get("id").asInt();
    int idB =
        api.post("/subjects/" + enc(b) + "/versions", schemaBody(schema)).json().get("id").asInt();
    assertThat(idB).isEqualTo(idA);
    JsonNode usages = api.get("/schemas/ids/" + idA + "/versions").json();
    assertThat(usages.size()).isEqualTo(2);
  }

  @Test
  void rootPathsAliasTheCcompatPrefixAndBothContentTypesWork() {
    String subject = TestSchemas.subject("root");
    RegistryHttp root = new RegistryHttp(registry.url(), "application/json");
    Reply registered =
        root.post(
            "/subjects/" + enc(subject) + "/versions", schemaBody(TestSchemas.record("Root", 0)));
    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.json().get("id").asInt())
        .isEqualTo(api.get("/subjects/" + enc(subject) + "/versions/1").json().get("id").asInt());
  }

  @Test
  void deletesSoftlyThenPermanently() {
    String subject = TestSchemas.subject("delete");
    String path = "/subjects/" + enc(subject);
    api.post(path + "/versions", schemaBody(TestSchemas.record("Del", 0)));
    api.post(path + "/versions", schemaBody(TestSchemas.record("Del", 1)));
    int id2 = api.get(path + "/versions/2").json().get("id").asInt();

    Reply permanentTooEarly = api.delete(path + "/versions/2?permanent=true");
    assertThat(permanentTooEarly.status()).isEqualTo(404);
    assertThat(permanentTooEarly.json().get("error_code").asInt()).isEqualTo(40407);

    assertThat(api.delete(path + "/versions/2").json().asInt()).isEqualTo(2);
    assertThat(api.get(path + "/versions").json().toString()).isEqualTo("[1]");
    assertThat(api.get(path + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
    assertThat(api.get(path + "/versions/2").json().get("error_code").asInt()).isEqualTo(40402);
    assertThat(api.get("/schemas/ids/" + id2).status()).as("ids stay readable").isEqualTo(200);

    assertThat(api.delete(path).json().toString()).isEqualTo("[1]");
    assertThat(texts(api.get("/subjects").json())).doesNotContain(subject);
    assertThat(texts(api.get("/subjects?deleted=true").json())).contains(subject);
    assertThat(api.get(path + "/versions").json().get("error_code").asInt()).isEqualTo(40401);
    assertThat(api.delete(path + "?permanent=true").json().toString()).isEqualTo("[1,2]");
    assertThat(texts(api.get("/subjects?deleted=true").json())).doesNotContain(subject);

    Reply reRegistered = api.post(path + "/versions", schemaBody(TestSchemas.record("Del", 1)));
    assertThat(reRegistered.json().get("id").asInt()).isEqualTo(id2);
  }

  @Test
  void answersConfluentErrorCodes() {
    String subject = TestSchemas.subject("errors");
    String path = "/subjects/" + enc(subject);
    assertError(api.get(path + "/versions"), 404, 40401);
    assertError(api.get(path + "/versions/latest"), 404, 40401);
    assertError(api.post(path, schemaBody(TestSchemas.record("E", 0))), 404, 40401);
    api.post(path + "/versions", schemaBody(TestSchemas.record("E", 0)));
    assertError(api.get(path + "/versions/9"), 404, 40402);
    assertError(api.get(path + "/versions/abc"), 422, 42202);
    assertError(api.post(path, schemaBody(TestSchemas.record("E", 3))), 404, 40403);
    assertError(api.get("/schemas/ids/987654"), 404, 40403);
    assertError(api.post(path + "/versions", schemaBody("{\"type\":\"record\"")), 422, 42201);
    assertError(api.post(path + "/versions", schemaBody("{\"type\":\"nosuchtype\"}")), 422, 42201);
    Reply proto =
        api.post(
            path + "/versions",
            RegistryHttp.json(Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF")));
    assertError(proto, 422, 42201);
    assertThat(proto.json().get("message").asText()).contains("PROTOBUF").contains("Avro");
    assertError(
        api.put("/config/" + enc(subject), "{\"compatibility\":\"SOMETIMES\"}"), 422, 42203);
    assertError(api.put("/config", "{\"compatibility\":\"\"}"), 422, 42203);
    assertThat(api.get("/no/such/endpoint").status()).isEqualTo(404);
  }

  @Test
  void configGlobalAndPerSubject() {
    String subject = TestSchemas.subject("config");
    assertThat(api.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertError(api.get("/config/" + enc(subject)), 404, 40408);
    assertThat(
            api.get("/config/" + enc(subject) + "?defaultToGlobal=true")
                .json()
                .get("compatibilityLevel")
                .asText())
        .isEqualTo("BACKWARD");

    Reply put = api.put("/config/" + enc(subject), "{\"compatibility\":\"FULL_TRANSITIVE\"}");
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
    assertThat(api.get("/config/" + enc(subject)).json().get("compatibilityLevel").asText())
        .isEqualTo("FULL_TRANSITIVE");
    assertThat(api.delete("/config/" + enc(subject)).json().get("compatibilityLevel").asText())
        .isEqualTo("FULL_TRANSITIVE");
    assertError(api.get("/config/" + enc(subject)), 404, 40408);

    Reply global = api.put("/config", "{\"compatibility\":\"BACKWARD\"}");
    assertThat(global.status()).isEqualTo(200);
    assertThat(global.json().get("compatibility").asText()).isEqualTo("BACKWARD");
  }

  @Test
  void compatibilityEndpointExplainsIncompatibilities() {
    String subject = TestSchemas.subject("compat");
    String path = "/compatibility/subjects/" + enc(subject) + "/versions/latest";
    api.post("/subjects/" + enc(subject) + "/versions", schemaBody(TestSchemas.record("C", 0)));

    Reply ok = api.post(path, schemaBody(TestSchemas.record("C", 2)));
    assertThat(ok.json().path("is_compatible").asBoolean()).as(ok.text()).isTrue();
    assertThat(ok.json().has("messages")).isFalse();

    Reply bad =
        api.post(
            path + "?verbose=true", schemaBody(TestSchemas.recordWithRequired("C", "mustHave")));
    assertThat(bad.status()).isEqualTo(200);
    assertThat(bad.json().get("is_compatible").asBoolean()).isFalse();
    assertThat(bad.json().get("messages").toString())
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("mustHave");
    assertThat(
            api.post(
                    "/compatibility/subjects/" + enc(subject) + "/versions/1",
                    schemaBody(TestSchemas.record("C", 1)))
                .json()
                .get("is_compatible")
                .asBoolean())
        .isTrue();
    assertError(
        api.post(
            "/compatibility/subjects/" + enc(subject) + "/versions/5",
            schemaBody(TestSchemas.record("C", 1))),
        404,
        40402);
  }

  private static void assertError(Reply reply, int status, int code) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.json().get("error_code").asInt()).as(reply.text()).isEqualTo(code);
    assertThat(reply.json().get("message").asText()).isNotBlank();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
