package io.fabstream.app;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Serves the embedded run's live page ({@code /}) and its data ({@code /api/live}). */
final class LivePage {

  private LivePage() {}

  /** The page, from the jar. */
  static byte[] html() {
    try (InputStream in = LivePage.class.getResourceAsStream("live.html")) {
      if (in == null) {
        throw new IllegalStateException("live.html is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read live.html", e);
    }
  }

  /**
   * Answers {@code /} with the page, {@code /api/live} with {@code data}, anything else with 404.
   */
  static void reply(HttpExchange x, byte[] page, Supplier<String> data) throws IOException {
    String path = x.getRequestURI().getPath();
    byte[] body;
    String type;
    int status = 200;
    if (path.equals("/") || path.equals("/index.html")) {
      body = page;
      type = "text/html; charset=utf-8";
    } else if (path.equals("/api/live")) {
      body = data.get().getBytes(StandardCharsets.UTF_8);
      type = "application/json";
    } else {
      body = ("no page at " + path).getBytes(StandardCharsets.UTF_8);
      type = "text/plain; charset=utf-8";
      status = 404;
    }
    x.getResponseHeaders().add("Content-Type", type);
    x.getResponseHeaders().add("Cache-Control", "no-store");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }
}
