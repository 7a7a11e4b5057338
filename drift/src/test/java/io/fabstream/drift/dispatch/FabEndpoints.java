package io.fabstream.drift.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The receiving side, on the JDK's HTTP server: a webhook that records every body, Airflow's {@code
 * POST /api/v1/dags/{dag}/dagRuns} (409 for a {@code dag_run_id} it has), and Kubeflow's {@code
 * GET} and {@code POST /apis/v2beta1/runs}. While {@link #down} is set every call answers 503, as a
 * real endpoint in an outage would.
 */
final class FabEndpoints implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  final AtomicBoolean down = new AtomicBoolean();
  final AtomicInteger refused = new AtomicInteger();
  final List<JsonNode> webhook = Collections.synchronizedList(new ArrayList<>());
  final List<String> webhookDeliveryIds = Collections.synchronizedList(new ArrayList<>());
  final List<String> signatures = Collections.synchronizedList(new ArrayList<>());
  final Map<String, JsonNode> dagRuns = new ConcurrentHashMap<>();
  final AtomicInteger dagRunConflicts = new AtomicInteger();
  final Map<String, JsonNode> kubeflowRuns = new ConcurrentHashMap<>();
  final AtomicInteger kubeflowCreates = new AtomicInteger();
  private final HttpServer server;

  FabEndpoints() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", this::hook);
    server.createContext("/api/v1/dags/", this::airflow);
    server.createContext("/apis/v2beta1/runs", this::kubeflow);
    server.start();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private boolean refuse(HttpExchange x) throws IOException {
    if (down.get()) {
      refused.incrementAndGet();
      reply(x, 503, "{\"error\":\"maintenance\"}");
      return true;
    }
    return false;
  }

  private void hook(HttpExchange x) throws IOException {
    if (refuse(x)) {
      return;
    }
    byte[] body = x.getRequestBody().readAllBytes();
    webhook.add(JSON.readTree(body));
    webhookDeliveryIds.add(x.getRequestHeaders().getFirst("X-Fabstream-Delivery"));
    String sig = x.getRequestHeaders().getFirst("X-Fabstream-Signature");
    signatures.add(sig == null ? "" : sig);
    reply(x, 200, "{}");
  }

  private void airflow(HttpExchange x) throws IOException {
    if (refuse(x)) {
      return;
    }
    JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
    String id = body.path("dag_run_id").asText();
    if (dagRuns.putIfAbsent(id, body) != null) {
      dagRunConflicts.incrementAndGet();
      reply(x, 409, "{\"title\":\"DAGRun already exists\"}");
      return;
    }
    reply(x, 200, "{\"dag_run_id\":\"" + id + "\",\"state\":\"queued\"}");
  }

  private void kubeflow(HttpExchange x) throws IOException {
    if (refuse(x)) {
      return;
    }
    if (x.getRequestMethod().equals("GET")) {
      String query = x.getRequestURI().getRawQuery();
      String filter =
          URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8);
      String name = JSON.readTree(filter).path("predicates").get(0).path("string_value").asText();
      JsonNode run = kubeflowRuns.get(name);
      reply(x, 200, run == null ? "{}" : "{\"runs\":[" + run + "]}");
      return;
    }
    JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
    kubeflowCreates.incrementAndGet();
    kubeflowRuns.put(body.path("display_name").asText(), body);
    reply(x, 200, body.toString());
  }

  private static void reply(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
