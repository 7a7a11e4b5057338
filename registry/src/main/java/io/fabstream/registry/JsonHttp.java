package io.fabstream.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The small HTTP toolkit both REST APIs share on top of the JDK's {@code HttpServer}: a parsed
 * {@link Request}, a {@link Response} rendered as JSON or raw text, and {@link Routes} matching
 * {@code METHOD a/{x}/b} patterns, whose pattern also names the endpoint in metrics.
 */
final class JsonHttp {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonHttp() {}

  /** One HTTP request with its path split into decoded segments (below the API prefix). */
  record Request(String method, List<String> segments, Map<String, String> query, byte[] body) {

    String segment(int index) {
      return segments.get(index);
    }

    boolean flag(String name) {
      return Boolean.parseBoolean(query.getOrDefault(name, "false"));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; a 422 (Confluent 42201-ish) on malformed JSON, empty for no body. */
    JsonNode json() {
      if (body.length == 0) {
        return MissingNode.getInstance();
      }
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new RegistryException(422, 42201, "Malformed JSON body: " + e.getMessage());
      }
    }

    static Request of(HttpExchange exchange, String path) throws IOException {
      List<String> segments = new ArrayList<>();
      for (String s : path.split("/")) {
        if (!s.isEmpty()) {
          segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
      }
      Map<String, String> query = new HashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String k = eq < 0 ? pair : pair.substring(0, eq);
          String v = eq < 0 ? "" : pair.substring(eq + 1);
          query.put(
              URLDecoder.decode(k, StandardCharsets.UTF_8),
              URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
      }
      byte[] body;
      try (var in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      return new Request(
          exchange.getRequestMethod().toUpperCase(Locale.ROOT), segments, query, body);
    }
  }

  /** A status with a JSON body ({@code json}) or raw text ({@code text}), plus extra headers. */
  record Response(
      int status, Object json, String text, String contentType, Map<String, String> headers) {

    static Response json(int status, Object body, String contentType) {
      return new Response(status, body, null, contentType, Map.of());
    }

    static Response text(int status, String body, String contentType, Map<String, String> headers) {
      return new Response(status, null, body, contentType, headers);
    }

    static Response empty(int status) {
      return new Response(status, null, null, null, Map.of());
    }

    void send(HttpExchange exchange) throws IOException {
      byte[] bytes;
      if (json != null) {
        try {
          bytes = MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
          throw new IOException("could not render the response", e);
        }
      } else if (text != null) {
        bytes = text.getBytes(StandardCharsets.UTF_8);
      } else {
        bytes = new byte[0];
      }
      if (contentType != null) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
      }
      headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** A matched endpoint: its name for metrics and its handler. */
  record Route(String name, Function<Request, Response> handler) {}

  /** Ordered {@code METHOD pattern} table; {@code *} in a pattern matches one segment. */
  static final class Routes {

    private record Entry(String method, String[] parts, Route route) {}

    private final List<Entry> entries = new ArrayList<>();

    Routes add(String method, String pattern, Function<Request, Response> handler) {
      String[] parts = pattern.isEmpty() ? new String[0] : pattern.split("/");
      String name = method + " /" + pattern.replace("*", "{}");
      entries.add(new Entry(method, parts, new Route(name, handler)));
      return this;
    }

    /** The route for a request, or null when none matches. */
    Route match(Request request) {
      for (Entry e : entries) {
        if (!e.method().equals(request.method()) || e.parts().length != request.segments().size()) {
          continue;
        }
        boolean ok = true;
        for (int i = 0; i < e.parts().length && ok; i++) {
          ok = e.parts()[i].equals("*") || e.parts()[i].equals(request.segments().get(i));
        }
        if (ok) {
          return e.route();
        }
      }
      return null;
    }
  }
}
