package io.fabstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabstream.registry.JsonHttp.Request;
import io.fabstream.registry.JsonHttp.Response;
import io.fabstream.registry.JsonHttp.Routes;
import io.fabstream.registry.StoreRecord.SubjectVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Apicurio Registry v3 calls that Apicurio's Kafka serdes (3.1.x) make, so fabstream's own
 * serdes ({@code FabSerdes}) work against the embedded registry. Group {@code default} maps to
 * Confluent subjects: artifact {@code (default, t-value)} is subject {@code t-value}; contentId and
 * globalId are both the Confluent schema id, so whichever id a serde writes resolves through either
 * API. Errors use Apicurio's problem-details shape.
 */
final class ApicurioApi {

  static final String DEFAULT_GROUP = "default";
  private static final String JSON = "application/json";
  private static final String AVRO = "AVRO";

  private final RegistryService service;
  private final Routes routes = new Routes();

  ApicurioApi(RegistryService service) {
    this.service = service;
    routes
        .add("GET", "system/info", r -> ok(systemInfo()))
        .add("POST", "groups/*/artifacts", this::createArtifact)
        .add("GET", "groups/*/artifacts/*", this::artifactMetadata)
        .add("GET", "groups/*/artifacts/*/versions", this::listVersions)
        .add("POST", "groups/*/artifacts/*/versions", this::createVersion)
        .add("GET", "groups/*/artifacts/*/versions/*", r -> ok(versionMetadata(version(r))))
        .add("GET", "groups/*/artifacts/*/versions/*/content", r -> content(version(r).id()))
        .add("GET", "groups/*/artifacts/*/versions/*/references", r -> referencesOf(version(r)))
        .add("GET", "ids/contentIds/*", r -> content(id(r)))
        .add("GET", "ids/contentIds/*/references", r -> noReferences(id(r)))
        .add("GET", "ids/globalIds/*", r -> content(id(r)))
        .add("GET", "ids/globalIds/*/references", r -> noReferences(id(r)))
        .add("GET", "ids/contentHashes/*", r -> content(hashId(r)))
        .add("GET", "ids/contentHashes/*/references", r -> noReferences(hashId(r)))
        .add("POST", "search/versions", this::searchByContent);
  }

  Routes routes() {
    return routes;
  }

  /** Apicurio's ProblemDetails (RuleViolationProblemDetails for incompatible schemas). */
  static Response error(RegistryException e) {
    int status = e.httpStatus() == 422 ? 400 : e.httpStatus();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("title", e.getMessage());
    body.put("detail", e.getMessage());
    body.put("name", exceptionName(e));
    if (!e.details().isEmpty()) {
      body.put(
          "causes",
          e.details().stream().map(d -> Map.of("description", d, "context", "/")).toList());
    }
    return Response.json(status, body, JSON);
  }

  static Response notFound(Request r) {
    return error(
        new RegistryException(
            404,
            404,
            "No endpoint " + r.method() + " /apis/registry/v3/" + String.join("/", r.segments())));
  }

  private static String exceptionName(RegistryException e) {
    return switch (e.errorCode()) {
      case 40401 -> "ArtifactNotFoundException";
      case 40402 -> "VersionNotFoundException";
      case 40403 -> "ContentNotFoundException";
      case 409 -> "RuleViolationException";
      case 40901 -> "ArtifactAlreadyExistsException";
      case 42201 -> "InvalidArtifactException";
      default -> e.httpStatus() >= 500 ? "RegistryException" : "BadRequestException";
    };
  }

  private Response createArtifact(Request r) {
    String group = group(r);
    JsonNode body = r.json();
    String artifactId = text(body, "artifactId");
    if (artifactId == null) {
      throw RegistryException.badRequest(
          "artifactId is required: the embedded registry does not generate artifact ids");
    }
    requireAvroType(text(body, "artifactType"));
    JsonNode first = body.path("firstVersion");
    String ifExists = r.query().getOrDefault("ifExists", "FAIL").toUpperCase(Locale.ROOT);
    if (!List.of("FAIL", "CREATE_VERSION", "FIND_OR_CREATE_VERSION").contains(ifExists)) {
      throw RegistryException.badRequest("unknown ifExists value " + ifExists);
    }
    RegistryService.Registered registered = register(artifactId, first, "FAIL".equals(ifExists));
    SubjectVersion v =
        service.version(registered.subject(), Integer.toString(registered.version()), false);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("artifact", artifactMetadata(group, artifactId, v));
    answer.put("version", versionMetadata(v));
    return ok(answer);
  }

  private Response createVersion(Request r) {
    group(r);
    RegistryService.Registered registered = register(r.segment(3), r.json(), false);
    return ok(
        versionMetadata(
            service.version(registered.subject(), Integer.toString(registered.version()), false)));
  }

  private RegistryService.Registered register(
      String subject, JsonNode createVersion, boolean failIfExists) {
    JsonNode content = createVersion.path("content");
    JsonNode refs = content.path("references");
    if (refs.isArray() && refs.size() > 0) {
      throw RegistryException.invalidSchema(
          "artifact references are not supported by the embedded registry");
    }
    String contentType = text(content, "contentType");
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
      throw RegistryException.invalidSchema(
          "content type " + contentType + " is not supported: Avro schemas are JSON");
    }
    Integer requestedVersion = null;
    String version = text(createVersion, "version");
    if (version != null) {
      try {
        requestedVersion = Integer.valueOf(version);
      } catch (NumberFormatException e) {
        throw RegistryException.badRequest(
            "version '" + version + "' is not supported: versions are numbered 1, 2, 3, ...");
      }
    }
    return service.register(
        subject, text(content, "content"), AVRO, requestedVersion, failIfExists);
  }

  private Response artifactMetadata(Request r) {
    String group = group(r);
    int firstNumber = service.versions(r.segment(3), true).get(0);
    SubjectVersion first = service.version(r.segment(3), Integer.toString(firstNumber), true);
    SubjectVersion latest = service.version(r.segment(3), "latest", false);
    Map<String, Object> meta = artifactMetadata(group, r.segment(3), first);
    meta.put("modifiedOn", Instant.ofEpochMilli(latest.createdAtMillis()).toString());
    return ok(meta);
  }

  private Response listVersions(Request r) {
    group(r);
    String subject = r.segment(3);
    List<Map<String, Object>> versions =
        service.versions(subject, false).stream()
            .map(n -> versionMetadata(service.version(subject, Integer.toString(n), false)))
            .toList();
    return ok(searchResults(versions));
  }

  private Response searchByContent(Request r) {
    String group = r.query().get("groupId");
    if (group != null && !DEFAULT_GROUP.equals(group)) {
      return ok(searchResults(List.of()));
    }
    requireAvroType(r.query().get("artifactType"));
    List<Map<String, Object>> versions =
        service.findByContent(r.query().get("artifactId"), r.text()).stream()
            .sorted((a, b) -> Integer.compare(b.version(), a.version()))
            .map(this::versionMetadata)
            .toList();
    return ok(searchResults(versions));
  }

  private SubjectVersion version(Request r) {
    group(r);
    String expression = r.segment(5);
    if (expression.startsWith("branch=")) {
      String branch = expression.substring("branch=".length());
      if (!"latest".equals(branch)) {
        throw RegistryException.versionNotFound(r.segment(3), expression);
      }
      expression = "latest";
    }
    return service.version(r.segment(3), expression, false);
  }

  private Response content(int id) {
    return Response.text(
        200, service.schemaText(id), JSON, Map.of("X-Registry-ArtifactType", AVRO));
  }

  private Response noReferences(int id) {
    service.schemaText(id);
    return ok(List.of());
  }

  private Response referencesOf(SubjectVersion v) {
    return ok(List.of());
  }

  private Map<String, Object> artifactMetadata(String group, String artifactId, SubjectVersion v) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("groupId", group);
    meta.put("artifactId", artifactId);
    meta.put("artifactType", AVRO);
    meta.put("owner", "");
    meta.put("createdOn", Instant.ofEpochMilli(v.createdAtMillis()).toString());
    meta.put("modifiedOn", Instant.ofEpochMilli(v.createdAtMillis()).toString());
    meta.put("labels", Map.of());
    return meta;
  }

  private Map<String, Object> versionMetadata(SubjectVersion v) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("groupId", DEFAULT_GROUP);
    meta.put("artifactId", v.subject());
    meta.put("version", Integer.toString(v.version()));
    meta.put("artifactType", AVRO);
    meta.put("globalId", (long) v.id());
    meta.put("contentId", (long) v.id());
    meta.put("state", "ENABLED");
    meta.put("owner", "");
    meta.put("createdOn", Instant.ofEpochMilli(v.createdAtMillis()).toString());
    meta.put("labels", Map.of());
    return meta;
  }

  private static Map<String, Object> searchResults(List<Map<String, Object>> versions) {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("count", versions.size());
    results.put("versions", versions);
    return results;
  }

  private static Map<String, Object> systemInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "fabstream embedded schema registry");
    info.put(
        "description",
        "Confluent ccompat v7 and the Apicurio v3 subset used by Apicurio serdes; Avro only");
    info.put(
        "version",
        EmbeddedSchemaRegistry.class.getPackage().getImplementationVersion() == null
            ? "dev"
            : EmbeddedSchemaRegistry.class.getPackage().getImplementationVersion());
    return info;
  }

  private int hashId(Request r) {
    return service
        .contentByHash(r.segment(2))
        .map(StoreRecord.SchemaContent::id)
        .orElseThrow(() -> RegistryException.schemaNotFound("with content hash " + r.segment(2)));
  }

  private static String group(Request r) {
    String group = r.segment(1);
    if (!DEFAULT_GROUP.equals(group)) {
      throw new RegistryException(
          404,
          40401,
          "Group '" + group + "' not found: the embedded registry has only group 'default'.");
    }
    return group;
  }

  private static int id(Request r) {
    try {
      return Integer.parseInt(r.segment(2));
    } catch (NumberFormatException e) {
      throw RegistryException.schemaNotFound("with id '" + r.segment(2) + "'");
    }
  }

  private static void requireAvroType(String artifactType) {
    if (artifactType != null && !AVRO.equalsIgnoreCase(artifactType)) {
      throw RegistryException.invalidSchema(
          "artifactType "
              + artifactType
              + " is not supported: the embedded registry stores Avro only");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.path(field);
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static Response ok(Object body) {
    return Response.json(200, body, JSON);
  }
}
