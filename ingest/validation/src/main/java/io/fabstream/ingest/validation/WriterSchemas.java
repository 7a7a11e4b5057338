package io.fabstream.ingest.validation;

import io.fabstream.schemas.FabSerdes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Writer schemas by the id in a record's frame, fetched from the registry's Apicurio v3 API ({@code
 * /ids/contentIds/{id}}, the id FabSerdes writes) and cached for the life of the app. Validation
 * looks schemas up itself rather than through a deserializer so that "id not registered", "not the
 * record this topic carries" and "body does not decode" become distinct reasons.
 */
public final class WriterSchemas {

  private final String apiBase;
  private final HttpClient http;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

  public WriterSchemas(String registryRoot) {
    this.apiBase = FabSerdes.apicurioApi(registryRoot);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** What the registry holds under {@code id}. */
  public sealed interface Lookup {
    /** An Avro schema. */
    record Found(Schema schema) implements Lookup {}

    /** Nothing is registered under the id. */
    record NotRegistered(String detail) implements Lookup {}

    /** Something is registered, but it is not an Avro schema. */
    record NotAvro(String detail) implements Lookup {}
  }

  /**
   * Looks {@code id} up; unknown ids are asked again next time (they may be registered later).
   *
   * @throws SchemaRegistryUnavailableException when the registry does not answer usefully
   */
  public Lookup byId(int id) {
    Schema cached = byId.get(id);
    if (cached != null) {
      return new Lookup.Found(cached);
    }
    URI uri = URI.create(apiBase + "/ids/contentIds/" + Integer.toUnsignedString(id));
    HttpResponse<String> response = get(uri);
    int status = response.statusCode();
    if (status == 404) {
      return new Lookup.NotRegistered("registry " + apiBase + " answered 404 for schema id " + id);
    }
    if (status != 200) {
      throw new SchemaRegistryUnavailableException(
          "registry " + uri + " answered HTTP " + status + ": " + abbreviate(response.body()),
          null);
    }
    try {
      Schema schema = new Schema.Parser().parse(response.body());
      byId.put(id, schema);
      return new Lookup.Found(schema);
    } catch (SchemaParseException e) {
      return new Lookup.NotAvro(
          "schema id " + id + " is not an Avro schema: " + abbreviate(e.getMessage()));
    }
  }

  private HttpResponse<String> get(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryUnavailableException(
          "schema registry " + uri + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryUnavailableException(
          "interrupted while asking schema registry " + uri, e);
    }
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
