package io.fabstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabstream.registry.JsonHttp.Request;
import io.fabstream.registry.JsonHttp.Response;
import io.fabstream.registry.JsonHttp.Routes;
import io.fabstream.registry.StoreRecord.SubjectVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Confluent Schema Registry REST API (the v7 subset producers, consumers and tools use), so
 * Confluent serializers and third-party clients work against the embedded registry unchanged.
 * Errors use Confluent's {@code {"error_code", "message"}} shape and codes.
 */
final class ConfluentApi {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final RegistryService service;
  private final Routes routes = new Routes();

  ConfluentApi(RegistryService service) {
    this.service = service;
    routes
        .add("GET", "", r -> ok(Map.of()))
        .add("GET", "subjects", r -> ok(service.subjects(r.flag("deleted"))))
        .add(
            "GET",
            "subjects/*/versions",
            r -> ok(service.versions(r.segment(1), r.flag("deleted"))))
        .add("POST", "subjects/*/versions", this::register)
        .add("GET", "subjects/*/versions/*", r -> ok(versionBody(version(r))))
        .add(
            "GET",
            "subjects/*/versions/*/schema",
            r -> Response.text(200, service.schemaText(version(r).id()), CONTENT_TYPE, Map.of()))
        .add(
            "GET",
            "subjects/*/versions/*/referencedby",
            r -> {
              version(r);
              return ok(List.of());
            })
        .add("POST", "subjects/*", this::lookup)
        .add(
            "DELETE",
            "subjects/*",
            r -> ok(service.deleteSubject(r.segment(1), r.flag("permanent"))))
        .add(
            "DELETE",
            "subjects/*/versions/*",
            r -> ok(service.deleteVersion(r.segment(1), r.segment(3), r.flag("permanent"))))
        .add("GET", "schemas/ids/*", r -> ok(Map.of("schema", service.schemaText(id(r)))))
        .add(
            "GET",
            "schemas/ids/*/schema",
            r -> Response.text(200, service.schemaText(id(r)), CONTENT_TYPE, Map.of()))
        .add("GET", "schemas/ids/*/versions", this::idVersions)
        .add(
            "GET",
            "schemas/ids/*/subjects",
            r ->
                ok(service.usages(id(r)).stream().map(SubjectVersion::subject).distinct().toList()))
        .add("GET", "schemas/types", r -> ok(List.of("AVRO")))
        .add("GET", "config", r -> ok(Map.of("compatibilityLevel", service.globalLevel().name())))
        .add("PUT", "config", this::putGlobalConfig)
        .add("GET", "config/*", this::getSubjectConfig)
        .add("PUT", "config/*", this::putSubjectConfig)
        .add(
            "DELETE",
            "config/*",
            r -> ok(Map.of("compatibilityLevel", service.clearSubjectLevel(r.segment(1)).name())))
        .add("POST", "compatibility/subjects/*/versions/*", r -> compatibility(r, r.segment(4)))
        .add("POST", "compatibility/subjects/*/versions", r -> compatibility(r, null))
        .add("GET", "mode", r -> ok(Map.of("mode", "READWRITE")))
        .add("GET", "mode/*", r -> ok(Map.of("mode", "READWRITE")));
  }

  Routes routes() {
    return routes;
  }

  /** Confluent's error shape. */
  static Response error(RegistryException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", e.errorCode());
    body.put("message", e.getMessage());
    return Response.json(e.httpStatus(), body, CONTENT_TYPE);
  }

  static Response notFound(Request r) {
    return error(
        new RegistryException(
            404,
            404,
            "HTTP 404 Not Found: no endpoint "
                + r.method()
                + " /"
                + String.join("/", r.segments())));
  }

  private Response register(Request r) {
    JsonNode body = r.json();
    requireNoReferences(body);
    RegistryService.Registered registered =
        service.register(r.segment(1), text(body, "schema"), text(body, "schemaType"), null, false);
    return ok(Map.of("id", registered.id()));
  }

  private Response lookup(Request r) {
    JsonNode body = r.json();
    requireNoReferences(body);
    SubjectVersion v =
        service.lookup(
            r.segment(1), text(body, "schema"), text(body, "schemaType"), r.flag("deleted"));
    return ok(versionBody(v));
  }

  private Response idVersions(Request r) {
    return ok(
        service.usages(id(r)).stream()
            .map(v -> Map.of("subject", v.subject(), "version", v.version()))
            .toList());
  }

  private Response putGlobalConfig(Request r) {
    CompatibilityLevel level = level(r.json());
    service.setGlobalLevel(level);
    return ok(Map.of("compatibility", level.name()));
  }

  private Response getSubjectConfig(Request r) {
    String subject = r.segment(1);
    CompatibilityLevel level =
        service
            .subjectLevel(subject)
            .orElseGet(
                () -> {
                  if (r.flag("defaultToGlobal")) {
                    return service.globalLevel();
                  }
                  throw RegistryException.subjectLevelConfigNotFound(subject);
                });
    return ok(Map.of("compatibilityLevel", level.name()));
  }

  private Response putSubjectConfig(Request r) {
    CompatibilityLevel level = level(r.json());
    service.setSubjectLevel(r.segment(1), level);
    return ok(Map.of("compatibility", level.name()));
  }

  private Response compatibility(Request r, String version) {
    JsonNode body = r.json();
    requireNoReferences(body);
    List<String> problems =
        service.testCompatibility(
            r.segment(2), version, text(body, "schema"), text(body, "schemaType"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("is_compatible", problems.isEmpty());
    if (r.flag("verbose")) {
      answer.put("messages", problems);
    }
    return ok(answer);
  }

  private SubjectVersion version(Request r) {
    return service.version(r.segment(1), r.segment(3), r.flag("deleted"));
  }

  private Map<String, Object> versionBody(SubjectVersion v) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", v.subject());
    body.put("version", v.version());
    body.put("id", v.id());
    body.put("schema", service.schemaText(v.id()));
    return body;
  }

  private static int id(Request r) {
    try {
      return Integer.parseInt(r.segment(2));
    } catch (NumberFormatException e) {
      throw RegistryException.schemaNotFound("with id '" + r.segment(2) + "'");
    }
  }

  private static CompatibilityLevel level(JsonNode body) {
    String value = text(body, "compatibility");
    if (value == null) {
      value = text(body, "compatibilityLevel");
    }
    String name = value;
    return CompatibilityLevel.parse(name)
        .orElseThrow(() -> RegistryException.invalidCompatibilityLevel(name));
  }

  private static void requireNoReferences(JsonNode body) {
    JsonNode refs = body.path("references");
    if (refs.isArray() && refs.size() > 0) {
      throw RegistryException.invalidSchema(
          "schema references are not supported by the embedded registry; register"
              + " self-contained Avro schemas");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.path(field);
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static Response ok(Object body) {
    return Response.json(200, body, CONTENT_TYPE);
  }
}
