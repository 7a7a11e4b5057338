package io.fabstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Test-side HTTP client for the registry's REST APIs, built on {@link HttpClient}. */
final class RegistryHttp {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";

  /** A status with the body as text and as JSON (missing when not JSON). */
  record Reply(int status, String text, JsonNode json) {}

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;
  private final String contentType;

  /** {@code base} is an API root, e.g. {@code registry.confluentUrl()}. */
  RegistryHttp(String base) {
    this(base, CONFLUENT_JSON);
  }

  RegistryHttp(String base, String contentType) {
    this.base = base;
    this.contentType = contentType;
  }

  static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String json(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"schema": schema}} as a JSON body. */
  static String schemaBody(String schema) {
    return json(Map.of("schema", schema));
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Reply delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  Reply post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply put(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json =
            response.body().isEmpty()
                ? MissingNode.getInstance()
                : MAPPER.readTree(response.body());
      } catch (IOException notJson) {
        json = MissingNode.getInstance();
      }
      return new Reply(response.statusCode(), response.body(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
