package io.fabstream.platform.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how to get a PostgreSQL server, as {@code KafkaClusters} does for Kafka: a server that is
 * already running ({@code FABSTREAM_POSTGRES_URL}, with {@code FABSTREAM_POSTGRES_USER} and {@code
 * FABSTREAM_POSTGRES_PASSWORD}), Testcontainers where a Docker engine answers, otherwise a local
 * server from the host's PostgreSQL binaries. {@code FABSTREAM_POSTGRES} = {@code auto} (default),
 * {@code local} or {@code testcontainers} forces a choice.
 */
public final class PostgresServers {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServers.class);
  private static PostgresServer shared;

  private PostgresServers() {}

  /** A server of the configured kind; a local one keeps its data under {@code dataDir}. */
  public static PostgresServer start(Path dataDir) {
    String url = System.getenv("FABSTREAM_POSTGRES_URL");
    if (url != null && !url.isBlank()) {
      return new External(
          url,
          System.getenv().getOrDefault("FABSTREAM_POSTGRES_USER", "postgres"),
          System.getenv().getOrDefault("FABSTREAM_POSTGRES_PASSWORD", ""));
    }
    String mode =
        System.getProperty(
                "fabstream.postgres", System.getenv().getOrDefault("FABSTREAM_POSTGRES", "auto"))
            .toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "local" -> LocalPostgres.start(dataDir);
      case "testcontainers" -> TestcontainersPostgres.start();
      case "auto" -> {
        if (dockerAvailable()) {
          LOG.info("Docker engine found: using Testcontainers PostgreSQL");
          yield TestcontainersPostgres.start();
        }
        LOG.info("No Docker engine: using a local PostgreSQL server");
        yield LocalPostgres.start(dataDir);
      }
      default ->
          throw new IllegalArgumentException(
              "FABSTREAM_POSTGRES must be auto, local or testcontainers, got '" + mode + "'");
    };
  }

  /** One server per JVM, started on first use and stopped at exit (the tests' shared fixture). */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      try {
        // searchable by the postgres account, which runs the server when this JVM is root
        Path dir =
            Files.createTempDirectory(
                "fabstream-postgres-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        shared = start(dir.resolve("data"));
        PostgresServer server = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shared-postgres-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  private static boolean dockerAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException e) {
      return false;
    }
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("Docker not usable: {}", e.toString());
      return false;
    }
  }

  /** A server someone else runs. */
  private record External(String jdbcUrl, String user, String password) implements PostgresServer {
    @Override
    public void close() {
      // not ours to stop
    }
  }
}
