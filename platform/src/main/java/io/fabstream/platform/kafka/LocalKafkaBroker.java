package io.fabstream.platform.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka 4.x broker in its own JVM on loopback.
 *
 * <p>Why a separate process: the broker needs the Kafka 4.x server jars, while every fabstream
 * application runs on the kafka-clients version that Flink's Kafka connector and Apicurio's serdes
 * are built against. Two classpaths cannot share one JVM, so the broker gets its own, listed at
 * build time by the {@code fabstream-kafka-broker} module. No Docker engine is needed.
 */
public final class LocalKafkaBroker implements KafkaCluster {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
  private static final String CLASSPATH_RESOURCE = "/io/fabstream/kafkabroker/broker.classpath";

  private final Process process;
  private final Path dataDir;
  private final String bootstrapServers;
  private final Duration startTime;
  private String secureBootstrap;
  private Path truststore;
  private String truststorePassword;

  private LocalKafkaBroker(
      Process process, Path dataDir, String bootstrapServers, Duration startTime) {
    this.process = process;
    this.dataDir = dataDir;
    this.bootstrapServers = bootstrapServers;
    this.startTime = startTime;
  }

  /** Settings of a local broker; {@link #defaults(Path)} is what tests and the embedded run use. */
  public record Settings(
      Path dataDir, int port, int controllerPort, String heap, Duration timeout, Scram scram) {

    /** Settings with a plain listener only. */
    public Settings(Path dataDir, int port, int controllerPort, String heap, Duration timeout) {
      this(dataDir, port, controllerPort, heap, timeout, null);
    }

    public Settings {
      if (dataDir == null) {
        throw new IllegalArgumentException("broker data directory must be set");
      }
      if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
        throw new IllegalArgumentException(
            "broker ports must be 0 (pick a free one) or 1..65535, got "
                + port
                + " and "
                + controllerPort);
      }
    }

    public static Settings defaults(Path dataDir) {
      return new Settings(dataDir, 0, 0, "768m", Duration.ofSeconds(90));
    }

    public Settings withPort(int brokerPort) {
      return new Settings(dataDir, brokerPort, controllerPort, heap, timeout, scram);
    }

    /**
     * Adds a SASL_SSL listener on a free port where {@code user} authenticates with SCRAM-SHA-512
     * over TLS (a self-signed certificate for 127.0.0.1, made with the JDK's keytool).
     */
    public Settings withScram(String user, String password) {
      return new Settings(dataDir, port, controllerPort, heap, timeout, new Scram(user, password));
    }
  }

  /** A SCRAM-SHA-512 user of the secure listener. */
  public record Scram(String user, String password) {
    public Scram {
      if (user == null || user.isBlank() || password == null || password.length() < 8) {
        throw new IllegalArgumentException("a SCRAM user needs a name and a password of 8+ chars");
      }
    }
  }

  /** Formats storage (first time only) and starts the broker; returns once it answers. */
  public static LocalKafkaBroker start(Settings settings) {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(settings.dataDir());
      Path props = settings.dataDir().resolve("server.properties");
      Path logDir = settings.dataDir().resolve("kraft-logs");
      int port = settings.port() == 0 ? freePort() : settings.port();
      int controllerPort = settings.controllerPort() == 0 ? freePort() : settings.controllerPort();
      int securePort = settings.scram() == null ? -1 : freePort();
      String tlsPassword = settings.scram() == null ? null : java.util.UUID.randomUUID().toString();
      String serverProps = serverProperties(port, controllerPort, logDir);
      if (settings.scram() != null) {
        serverProps =
            withSecureListener(
                serverProps,
                port,
                controllerPort,
                securePort,
                tls(settings.dataDir(), tlsPassword),
                tlsPassword);
      }
      Files.writeString(props, serverProps);
      Path log4j = settings.dataDir().resolve("log4j2.properties");
      Files.writeString(log4j, log4jProperties(settings.dataDir().resolve("broker.log")));
      String classpath = brokerClasspath();
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(settings, classpath, props, log4j); // adds the SCRAM user where there is one
      }
      List<String> cmd = javaCommand(settings, classpath, log4j);
      cmd.add("kafka.Kafka");
      cmd.add(props.toString());
      Path out = settings.dataDir().resolve("broker.out");
      Process process =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      String bootstrap = "127.0.0.1:" + port;
      Thread stopOnExit = new Thread(process::destroy, "kafka-broker-stop");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      try {
        awaitReady(bootstrap, process, settings.timeout(), out);
      } catch (RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info(
          "Kafka {} broker ready at {} in {} ms",
          brokerVersion(classpath),
          bootstrap,
          took.toMillis());
      LocalKafkaBroker broker = new LocalKafkaBroker(process, settings.dataDir(), bootstrap, took);
      if (settings.scram() != null) {
        broker.secureBootstrap = "127.0.0.1:" + securePort;
        broker.truststore = settings.dataDir().resolve("tls/truststore.p12");
        broker.truststorePassword = tlsPassword;
      }
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the local Kafka broker", e);
    }
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The SASL_SSL listener's address, or null without {@link Settings#withScram}. */
  public String secureBootstrapServers() {
    return secureBootstrap;
  }

  /** PKCS12 truststore holding the secure listener's certificate. */
  public Path truststore() {
    return truststore;
  }

  /** Its password. */
  public String truststorePassword() {
    return truststorePassword;
  }

  /**
   * Writes a self-signed broker keystore and a truststore with its certificate; returns the
   * keystore.
   */
  private static Path tls(Path dataDir, String password) throws IOException {
    Path dir = Files.createDirectories(dataDir.resolve("tls"));
    Path keystore = dir.resolve("broker.p12");
    Path cert = dir.resolve("broker.crt");
    Path truststore = dir.resolve("truststore.p12");
    for (Path p : List.of(keystore, cert, truststore)) {
      Files.deleteIfExists(p);
    }
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    keytool(
        dir,
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "broker",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "30",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=IP:127.0.0.1,DNS:localhost",
            "-storetype",
            "PKCS12",
            "-keystore",
            keystore.toString(),
            "-storepass",
            password,
            "-keypass",
            password));
    keytool(
        dir,
        List.of(
            keytool,
            "-exportcert",
            "-alias",
            "broker",
            "-keystore",
            keystore.toString(),
            "-storepass",
            password,
            "-rfc",
            "-file",
            cert.toString()));
    keytool(
        dir,
        List.of(
            keytool,
            "-importcert",
            "-noprompt",
            "-alias",
            "broker",
            "-file",
            cert.toString(),
            "-storetype",
            "PKCS12",
            "-keystore",
            truststore.toString(),
            "-storepass",
            password));
    return keystore;
  }

  private static void keytool(Path dir, List<String> cmd) throws IOException {
    Path out = dir.resolve("keytool.out");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool failed: " + Files.readString(out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running keytool", e);
    }
  }

  private static String withSecureListener(
      String plain, int port, int controllerPort, int securePort, Path keystore, String password) {
    StringBuilder sb = new StringBuilder();
    for (String line : plain.split("\n")) {
      if (line.startsWith("listeners=")) {
        line = line + ",SASL_SSL://127.0.0.1:" + securePort;
      } else if (line.startsWith("advertised.listeners=")) {
        line = line + ",SASL_SSL://127.0.0.1:" + securePort;
      } else if (line.startsWith("listener.security.protocol.map=")) {
        line = line + ",SASL_SSL:SASL_SSL";
      }
      sb.append(line).append('\n');
    }
    sb.append("sasl.enabled.mechanisms=SCRAM-SHA-512\n")
        .append("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=")
        .append("org.apache.kafka.common.security.scram.ScramLoginModule required;\n")
        .append("listener.name.sasl_ssl.ssl.keystore.type=PKCS12\n")
        .append("listener.name.sasl_ssl.ssl.keystore.location=")
        .append(keystore)
        .append('\n')
        .append("listener.name.sasl_ssl.ssl.keystore.password=")
        .append(password)
        .append('\n')
        .append("listener.name.sasl_ssl.ssl.key.password=")
        .append(password)
        .append('\n');
    return sb.toString();
  }

  /** Wall time from launch to the broker answering {@code describeCluster}. */
  public Duration startTime() {
    return startTime;
  }

  @Override
  public String describe() {
    return "local KRaft broker process (pid " + process.pid() + ", data " + dataDir + ")";
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        LOG.warn("Kafka broker did not stop in 20 s; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static String brokerClasspath() {
    try (InputStream in = LocalKafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "broker classpath resource "
                + CLASSPATH_RESOURCE
                + " is missing: build the project with Maven first (mvn install)");
      }
      String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      for (String entry : cp.split(java.io.File.pathSeparator)) {
        if (!Files.exists(Path.of(entry))) {
          throw new IllegalStateException(
              "broker jar "
                  + entry
                  + " is missing from the local Maven repository: rebuild with Maven to fetch it");
        }
      }
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String brokerVersion(String classpath) {
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("kafka_2.13-")) {
        return name.substring("kafka_2.13-".length(), name.length() - ".jar".length());
      }
    }
    return "4.x";
  }

  private static void format(Settings settings, String classpath, Path props, Path log4j)
      throws IOException {
    List<String> cmd = javaCommand(settings, classpath, log4j);
    cmd.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "--standalone",
            "--ignore-formatted",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            props.toString()));
    if (settings.scram() != null) {
      cmd.addAll(
          List.of(
              "--add-scram",
              "SCRAM-SHA-512=[name="
                  + settings.scram().user()
                  + ",password="
                  + settings.scram().password()
                  + "]"));
    }
    Path out = settings.dataDir().resolve("format.out");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "formatting Kafka storage failed: " + Files.readString(out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
  }

  private static List<String> javaCommand(Settings settings, String classpath, Path log4j) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-Xmx" + settings.heap());
    cmd.add("-XX:+UseG1GC");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + log4j.toUri());
    cmd.add("-Dkafka.logs.dir=" + settings.dataDir());
    cmd.add("-cp");
    cmd.add(classpath);
    return cmd;
  }

  private static String serverProperties(int port, int controllerPort, Path logDir) {
    Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
            Map.entry("log.dirs", logDir.toString()),
            Map.entry("num.partitions", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("log.segment.bytes", String.valueOf(64 * 1024 * 1024)),
            Map.entry("log.retention.check.interval.ms", "60000"),
            Map.entry("transaction.max.timeout.ms", String.valueOf(60 * 60 * 1000))));
    StringBuilder sb = new StringBuilder("# written by fabstream LocalKafkaBroker\n");
    p.stringPropertyNames().stream()
        .sorted()
        .forEach(k -> sb.append(k).append('=').append(p.getProperty(k)).append('\n'));
    return sb.toString();
  }

  private static String log4jProperties(Path logFile) {
    return String.join(
        "\n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = FILE",
        "appender.file.type = File",
        "appender.file.name = FILE",
        "appender.file.fileName = " + logFile,
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = [%d] %p %m (%c)%n",
        "logger.kafka.name = kafka",
        "logger.kafka.level = WARN",
        "logger.apache.name = org.apache.kafka",
        "logger.apache.level = WARN",
        "logger.server.name = kafka.server.KafkaRaftServer",
        "logger.server.level = INFO",
        "");
  }

  private static void awaitReady(String bootstrap, Process process, Duration timeout, Path out) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(props)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker exited with code " + process.exitValue() + ": " + tail(out));
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          LOG.debug("broker not ready yet: {}", e.toString());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Kafka broker at " + bootstrap + " not ready after " + timeout + ": " + tail(out));
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
