package io.fabstream.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabstream.registry.JsonHttp.Request;
import io.fabstream.registry.JsonHttp.Response;
import io.fabstream.registry.JsonHttp.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the JDK's HTTP server and sends each request to the API its path prefix names: {@code
 * /apis/registry/v3} to Apicurio, {@code /apis/ccompat/v7} and everything else to Confluent (for
 * Confluent clients configured without a prefix). Unmatched requests are logged, so a client
 * calling something not implemented shows up at once, and answered 404 in the API's error shape.
 */
final class RegistryHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpServer.class);
  static final String APICURIO_PREFIX = "/apis/registry/v3";
  static final String CONFLUENT_PREFIX = "/apis/ccompat/v7";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConfluentApi confluent;
  private final ApicurioApi apicurio;
  private final RegistryMetrics metrics;

  RegistryHttpServer(
      String host,
      int port,
      ConfluentApi confluent,
      ApicurioApi apicurio,
      RegistryMetrics metrics) {
    this.confluent = confluent;
    this.apicurio = apicurio;
    this.metrics = metrics;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(
          "could not bind the schema registry to " + host + ":" + port, e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String path = exchange.getRequestURI().getRawPath();
    String api;
    String rest;
    JsonHttp.Routes routes;
    Function<RegistryException, Response> errors;
    Function<Request, Response> notFound;
    if (path.startsWith(APICURIO_PREFIX)) {
      api = "apicurio";
      rest = path.substring(APICURIO_PREFIX.length());
      routes = apicurio.routes();
      errors = ApicurioApi::error;
      notFound = ApicurioApi::notFound;
    } else {
      api = "confluent";
      rest = path.startsWith(CONFLUENT_PREFIX) ? path.substring(CONFLUENT_PREFIX.length()) : path;
      routes = confluent.routes();
      errors = ConfluentApi::error;
      notFound = ConfluentApi::notFound;
    }
    String endpoint = "unmatched";
    Response response;
    try {
      Request request = Request.of(exchange, rest);
      Route route = routes.match(request);
      if (route == null) {
        LOG.warn(
            "Unmatched {} request {} {}",
            api,
            exchange.getRequestMethod(),
            exchange.getRequestURI());
        response = notFound.apply(request);
      } else {
        endpoint = route.name();
        response = route.handler().apply(request);
      }
    } catch (RegistryException e) {
      if (e.httpStatus() >= 500) {
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      } else {
        LOG.debug(
            "{} {} refused: {}",
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            e.getMessage());
      }
      response = errors.apply(e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      response =
          errors.apply(new RegistryException(500, 50001, "Internal error: " + e.getMessage()));
    }
    try {
      response.send(exchange);
    } finally {
      exchange.close();
      metrics.request(api, endpoint, response.status(), System.nanoTime() - start);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
