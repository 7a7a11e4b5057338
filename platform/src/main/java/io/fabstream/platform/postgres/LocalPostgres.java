package io.fabstream.platform.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the host's own binaries (Debian's {@code postgresql} package puts
 * them in {@code /usr/lib/postgresql/<major>/bin}), in a data directory of its own on a free port:
 * what the tests and a laptop run use where no Docker engine is there to start the {@code postgres}
 * image. PostgreSQL refuses to run as root, so under root it runs as the {@code postgres} account
 * the package creates ({@code runuser}). Trust authentication on 127.0.0.1 only.
 */
public final class LocalPostgres implements PostgresServer {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

  /**
   * Environment variable naming a {@code bin} directory holding {@code initdb} and {@code
   * postgres}.
   */
  public static final String BIN_ENV = "FABSTREAM_POSTGRES_BIN";

  private static final String DATABASE = "postgres";
  private static final String USER = "fabstream";

  private final Path dataDir;
  private final int port;
  private final Process process;
  private final Thread stopOnExit;

  private LocalPostgres(Path dataDir, int port, Process process) {
    this.dataDir = dataDir;
    this.port = port;
    this.process = process;
    this.stopOnExit = new Thread(process::destroy, "postgres-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** The server's {@code bin} directory: {@value #BIN_ENV}, else the newest Debian major. */
  public static Optional<Path> binaries() {
    String env = System.getenv(BIN_ENV);
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env));
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> majors = Files.list(root)) {
      return majors
          .map(p -> p.resolve("bin"))
          .filter(p -> Files.isExecutable(p.resolve("initdb")))
          .max(Comparator.comparing(p -> majorOf(p.getParent())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  private static int majorOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Creates a cluster in {@code dataDir} (which must not exist or be empty) and starts it on a free
   * port; returns once it accepts connections.
   */
  public static LocalPostgres start(Path dataDir) {
    Path bin =
        binaries()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no PostgreSQL server binaries: install Debian's postgresql package"
                            + " (apt-get install postgresql) or set "
                            + BIN_ENV));
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Files.createDirectories(dataDir);
      if (root) {
        UserPrincipal postgres =
            dataDir
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres");
        Files.setOwner(dataDir, postgres);
        searchableByOthers(dataDir.toAbsolutePath().getParent());
      }
      run(
          asServerUser(
              root,
              bin.resolve("initdb").toString(),
              "-D",
              dataDir.toString(),
              "-U",
              USER,
              "--auth=trust",
              "--encoding=UTF8",
              "--no-instructions"),
          dataDir.resolveSibling(dataDir.getFileName() + "-initdb.log"));
      int port = freePort();
      Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
      Process p =
          new ProcessBuilder(
                  asServerUser(
                      root,
                      bin.resolve("postgres").toString(),
                      "-D",
                      dataDir.toString(),
                      "-p",
                      String.valueOf(port),
                      "-c",
                      "listen_addresses=127.0.0.1",
                      "-c",
                      "unix_socket_directories=",
                      "-c",
                      "fsync=off",
                      "-c",
                      "max_connections=50"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      LocalPostgres server = new LocalPostgres(dataDir, port, p);
      server.awaitReady(Duration.ofSeconds(60), log);
      LOG.info("PostgreSQL at {} (data {}, log {})", server.jdbcUrl(), dataDir, log);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting PostgreSQL", e);
    }
  }

  /** The server account must reach its data directory through {@code dir}. */
  private static void searchableByOthers(Path dir) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
      perms.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(dir, perms);
      LOG.info("made {} searchable for the postgres account", dir);
    }
  }

  private static List<String> asServerUser(boolean root, String... cmd) {
    List<String> out = new ArrayList<>();
    if (root) {
      out.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    out.addAll(List.of(cmd));
    return out;
  }

  private static void run(List<String> cmd, Path log) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", cmd) + " failed: " + Files.readString(log).strip());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void awaitReady(Duration timeout, Path log) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PostgreSQL exited with " + process.exitValue() + ": " + Files.readString(log).strip());
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        if (Files.readString(log).contains("ready to accept connections")) {
          return;
        }
      } catch (IOException e) {
        LOG.debug("PostgreSQL not listening yet: {}", e.getMessage());
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("PostgreSQL did not start within " + timeout + "; see " + log);
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public String password() {
    return "";
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: PostgreSQL's smart shutdown
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (IllegalStateException e) {
      LOG.debug("JVM already shutting down: {}", e.getMessage());
    }
  }
}
