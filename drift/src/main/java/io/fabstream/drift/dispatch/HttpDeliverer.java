package io.fabstream.drift.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends one delivery to its endpoint and says whether it arrived. Every request carries the
 * delivery id ({@code X-Fabstream-Delivery}, and {@code Idempotency-Key}) so a receiver can drop a
 * repeat; webhook bodies are signed with HMAC-SHA256 when the endpoint has a secret ({@code
 * X-Fabstream-Signature: sha256=<hex>}). Airflow's 409 for an existing {@code dag_run_id} counts as
 * arrived; a Kubeflow run is looked up by name before it is created, since the run API has no
 * idempotency key of its own.
 */
final class HttpDeliverer {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Result of one attempt. */
  record Attempt(boolean delivered, int status, String detail) {}

  private final HttpClient client;
  private final Duration timeout;
  private final Function<String, String> env;

  HttpDeliverer(Duration timeout, Function<String, String> env) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
    this.env = env;
  }

  Attempt send(Endpoint e, Outbox.Delivery d) {
    try {
      return switch (e.kind()) {
        case WEBHOOK, SLACK, TEAMS -> post(e, e.url(), d, false);
        case AIRFLOW ->
            post(
                e,
                URI.create(
                    base(e)
                        + "/api/v1/dags/"
                        + URLEncoder.encode(e.dagId(), StandardCharsets.UTF_8)
                        + "/dagRuns"),
                d,
                true);
        case KUBEFLOW -> kubeflow(e, d);
      };
    } catch (IOException ex) {
      return new Attempt(false, 0, ex.getClass().getSimpleName() + ": " + ex.getMessage());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new Attempt(false, 0, "interrupted");
    }
  }

  private Attempt kubeflow(Endpoint e, Outbox.Delivery d) throws IOException, InterruptedException {
    String name = JSON.readTree(d.body()).path("display_name").asText();
    String filter =
        "{\"predicates\":[{\"key\":\"display_name\",\"operation\":\"EQUALS\",\"string_value\":"
            + JSON.writeValueAsString(name)
            + "}]}";
    HttpRequest.Builder look =
        request(
            e,
            URI.create(
                base(e)
                    + "/apis/v2beta1/runs?filter="
                    + URLEncoder.encode(filter, StandardCharsets.UTF_8)),
            d);
    HttpResponse<String> found =
        client.send(look.GET().build(), HttpResponse.BodyHandlers.ofString());
    if (found.statusCode() / 100 == 2) {
      JsonNode runs = JSON.readTree(found.body()).path("runs");
      if (runs.isArray() && !runs.isEmpty()) {
        return new Attempt(true, found.statusCode(), "run " + name + " exists");
      }
    } else {
      return new Attempt(false, found.statusCode(), "run lookup failed: " + found.body());
    }
    return post(e, URI.create(base(e) + "/apis/v2beta1/runs"), d, false);
  }

  private Attempt post(Endpoint e, URI uri, Outbox.Delivery d, boolean conflictMeansDone)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(e, uri, d).header("Content-Type", "application/json");
    String secret = e.secretEnv() == null ? null : env.apply(e.secretEnv());
    if (secret != null && !secret.isEmpty()) {
      b.header("X-Fabstream-Signature", "sha256=" + hmac(secret, d.body()));
    }
    HttpResponse<String> r =
        client.send(
            b.POST(HttpRequest.BodyPublishers.ofString(d.body())).build(),
            HttpResponse.BodyHandlers.ofString());
    int s = r.statusCode();
    if (s / 100 == 2 || (conflictMeansDone && s == 409)) {
      return new Attempt(true, s, s == 409 ? "already there" : "ok");
    }
    return new Attempt(false, s, r.body().length() > 200 ? r.body().substring(0, 200) : r.body());
  }

  private HttpRequest.Builder request(Endpoint e, URI uri, Outbox.Delivery d) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("X-Fabstream-Delivery", d.id())
            .header("Idempotency-Key", d.id());
    String auth = e.authEnv() == null ? null : env.apply(e.authEnv());
    if (auth != null && !auth.isEmpty()) {
      b.header("Authorization", auth);
    }
    return b;
  }

  private static String base(Endpoint e) {
    String s = e.url().toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
    }
  }
}
