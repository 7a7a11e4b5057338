package io.fabstream.registry;

import static io.fabstream.registry.RegistryHttp.enc;
import static io.fabstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabstream.registry.RegistryHttp.Reply;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The Apicurio v3 calls Apicurio's serdes make, with the JSON shapes of the Apicurio SDK models,
 * and the shared id space with the Confluent API.
 */
class ApicurioApiITCase {

  private final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
  private final RegistryHttp apicurio =
      new RegistryHttp(registry.apicurioUrl(), "application/json");
  private final RegistryHttp confluent = new RegistryHttp(registry.confluentUrl());

  private static String createArtifact(String artifactId, String schema) {
    return RegistryHttp.json(
        Map.of(
            "artifactId",
            artifactId,
            "artifactType",
            "AVRO",
            "firstVersion",
            Map.of("content", Map.of("content", schema, "contentType", "application/json"))));
  }

  @Test
  void createOrFindSharesIdsWithConfluentSubjects() {
    String subject = TestSchemas.subject("apicurio");
    String schema = TestSchemas.record("Sensor", 0);
    Reply created =
        apicurio.post(
            "/groups/default/artifacts?ifExists=FIND_OR_CREATE_VERSION&canonical=false",
            createArtifact(subject, schema));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    JsonNode version = created.json().get("version");
    assertThat(version.get("groupId").asText()).isEqualTo("default");
    assertThat(version.get("artifactId").asText()).isEqualTo(subject);
    assertThat(version.get("version").asText()).isEqualTo("1");
    assertThat(version.get("artifactType").asText()).isEqualTo("AVRO");
    long contentId = version.get("contentId").asLong();
    assertThat(version.get("globalId").asLong()).isEqualTo(contentId);
    JsonNode artifact = created.json().get("artifact");
    assertThat(artifact.get("artifactId").asText()).isEqualTo(subject);
    assertThat(artifact.get("groupId").asText()).isEqualTo("default");
    assertThat(artifact.get("artifactType").asText()).isEqualTo("AVRO");

    Reply found =
        apicurio.post(
            "/groups/default/artifacts?ifExists=FIND_OR_CREATE_VERSION&canonical=true",
            createArtifact(subject, new Schema.Parser().parse(schema).toString(true)));
    assertThat(found.json().get("version").get("contentId").asLong()).isEqualTo(contentId);
    assertThat(found.json().get("version").get("version").asText()).isEqualTo("1");

    JsonNode viaConfluent = confluent.get("/subjects/" + enc(subject) + "/versions/1").json();
    assertThat(viaConfluent.get("id").asLong()).isEqualTo(contentId);

    Reply failIfExists =
        apicurio.post("/groups/default/artifacts", createArtifact(subject, schema));
    assertThat(failIfExists.status()).isEqualTo(409);
    assertThat(failIfExists.json().get("status").asInt()).isEqualTo(409);

    Reply second =
        apicurio.post(
            "/groups/default/artifacts?ifExists=FIND_OR_CREATE_VERSION",
            createArtifact(subject, TestSchemas.record("Sensor", 1)));
    assertThat(second.json().get("version").get("version").asText()).isEqualTo("2");
  }

  @Test
  void readsContentMetadataAndReferencesByIdAndCoordinates() {
    String subject = TestSchemas.subject("apicurio-read");
    String schema = TestSchemas.record("Chamber", 1);
    int id =
        confluent
            .post("/subjects/" + enc(subject) + "/versions", schemaBody(schema))
            .json()
            .get("id")
            .asInt();
    Schema expected = new Schema.Parser().parse(schema);

    for (String path :
        List.of(
            "/ids/contentIds/" + id,
            "/ids/globalIds/" + id,
            "/ids/contentHashes/" + RegistryService.sha256(expected.toString()),
            "/groups/default/artifacts/" + enc(subject) + "/versions/1/content",
            "/groups/default/artifacts/" + enc(subject) + "/versions/branch=latest/content")) {
      Reply content = apicurio.get(path);
      assertThat(content.status()).as(path).isEqualTo(200);
      assertThat(new Schema.Parser().parse(content.text())).as(path).isEqualTo(expected);
    }
    for (String path :
        List.of(
            "/ids/contentIds/" + id + "/references",
            "/ids/globalIds/" + id + "/references",
            "/groups/default/artifacts/" + enc(subject) + "/versions/1/references")) {
      Reply refs = apicurio.get(path);
      assertThat(refs.status()).as(path).isEqualTo(200);
      assertThat(refs.json().toString()).as(path).isEqualTo("[]");
    }

    JsonNode meta =
        apicurio.get("/groups/default/artifacts/" + enc(subject) + "/versions/latest").json();
    assertThat(meta.get("contentId").asInt()).isEqualTo(id);
    assertThat(meta.get("globalId").asInt()).isEqualTo(id);
    assertThat(meta.get("version").asText()).isEqualTo("1");
    assertThat(meta.get("createdOn").asText()).endsWith("Z");
    assertThat(
            apicurio
                .get("/groups/default/artifacts/" + enc(subject))
                .json()
                .get("artifactId")
                .asText())
        .isEqualTo(subject);
    assertThat(
            apicurio
                .get("/groups/default/artifacts/" + enc(subject) + "/versions")
                .json()
                .get("count")
                .asInt())
        .isEqualTo(1);

    Reply search =
        apicurio.post(
            "/search/versions?groupId=default&artifactId="
                + enc(subject)
                + "&canonical=true&artifactType=AVRO&orderby=globalId&order=desc&limit=100",
            expected.toString(true));
    assertThat(search.json().get("count").asInt()).isEqualTo(1);
    assertThat(search.json().get("versions").get(0).get("contentId").asInt()).isEqualTo(id);

    assertThat(apicurio.get("/system/info").json().get("name").asText()).contains("fabstream");
  }

  @Test
  void answersProblemDetailsForMissingThings() {
    Reply missing = apicurio.get("/ids/contentIds/999999");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("status").asInt()).isEqualTo(404);
    assertThat(missing.json().get("detail").asText()).isNotBlank();
    assertThat(apicurio.get("/groups/default/artifacts/nope-value/versions/latest").status())
        .isEqualTo(404);
    assertThat(apicurio.get("/groups/other/artifacts/x/versions/1").status()).isEqualTo(404);
    assertThat(apicurio.get("/admin/rules").status()).isEqualTo(404);
    Reply invalid =
        apicurio.post(
            "/groups/default/artifacts?ifExists=FIND_OR_CREATE_VERSION",
            createArtifact(TestSchemas.subject("bad"), "{\"type\":"));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().get("name").asText()).isEqualTo("InvalidArtifactException");
  }
}
