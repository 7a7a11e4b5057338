package io.fabstream.registry;

import static io.fabstream.registry.RegistryHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with a client nobody here wrote: the npm package
 * {@code @kafkajs/confluent-schema-registry}, run with Node.js from {@code src/test/node}, reads
 * what fabstream's serde wrote to the broker and writes what fabstream's serde reads.
 */
class NodeClientInteropITCase {

  private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();

  @TempDir static Path temp;

  @BeforeAll
  static void installNodeClient() throws Exception {
    requireTool("node");
    requireTool("npm");
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
      Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), "", 300);
      assertThat(npm.exit()).as("npm ci in %s failed:%n%s", NODE_DIR, npm.stderr()).isZero();
    }
  }

  @Test
  void nodeClientDecodesWhatOurSerdeWroteToTheBroker() throws Exception {
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, List.of(TopicCatalog.WAFER_MAPS));
    WaferMap map = TestSchemas.waferMap("W-node-" + UUID.randomUUID());
    byte[] bytes;
    try (Serializer<WaferMap> serializer =
        FabSerdes.valueSerializer(TopicCatalog.WAFER_MAPS, registry.url())) {
      bytes =
          BrokerIo.roundTrip(
              bootstrap,
              TopicCatalog.WAFER_MAPS.name(),
              map.getWaferId(),
              serializer.serialize(TopicCatalog.WAFER_MAPS.name(), map));
    }

    Result decoded =
        run(
            List.of("node", "interop.js", "decode", registry.confluentUrl()),
            Base64.getEncoder().encodeToString(bytes),
            60);
    assertThat(decoded.exit()).as(decoded.stderr()).isZero();
    JsonNode out = RegistryHttp.MAPPER.readTree(decoded.stdout());
    assertThat(out.get("id").asInt()).isEqualTo(WireFormat.schemaId(bytes).getAsInt());
    JsonNode value = out.get("value");
    assertThat(value.get("waferId").asText()).isEqualTo(map.getWaferId());
    assertThat(value.get("lot").asText()).isEqualTo("LOT-0042");
    assertThat(value.get("slot").asInt()).isEqualTo(7);
    assertThat(value.get("inspectedAt").asLong()).isEqualTo(1_700_000_123_456L);
    assertThat(Base64.getDecoder().decode(value.get("dies").asText()))
        .containsExactly(0, 1, 2, 1, 1, 0);
    assertThat(value.get("binCodes").toString()).isEqualTo("[0,1,7,1,1,0]");
    assertThat(value.get("source").asText()).isEqualTo("registry-test");
  }

  @Test
  void ourSerdeDecodesWhatTheNodeClientRegisteredAndEncoded() throws Exception {
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, List.of(TopicCatalog.RAW_WAFER_MAPS));
    Path avsc = temp.resolve("WaferMap.avsc");
    try (InputStream in = WaferMap.class.getResourceAsStream("/avro/WaferMap.avsc")) {
      assertThat(in).as("WaferMap.avsc on the schemas jar's classpath").isNotNull();
      Files.write(avsc, in.readAllBytes());
    }
    String waferId = "W-npm-" + UUID.randomUUID();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("waferId", waferId);
    payload.put("lot", "LOT-7");
    payload.put("slot", 3);
    payload.put("product", "PX-200");
    payload.put("tool", "INSP-9");
    payload.put("step", "CMP");
    payload.put("inspectedAt", 1_700_000_999_000L);
    payload.put("rows", 1);
    payload.put("cols", 2);
    payload.put("dies", Base64.getEncoder().encodeToString(new byte[] {1, 2}));
    payload.put("binCodes", List.of(1, 9));
    payload.put("source", "node");
    String subject = TopicCatalog.RAW_WAFER_MAPS.valueSubject();

    Result encoded =
        run(
            List.of(
                "node", "interop.js", "encode", registry.confluentUrl(), subject, avsc.toString()),
            RegistryHttp.json(payload),
            60);
    assertThat(encoded.exit()).as(encoded.stderr()).isZero();
    JsonNode out = RegistryHttp.MAPPER.readTree(encoded.stdout());
    int id = out.get("id").asInt();
    assertThat(out.get("latestId").asInt()).isEqualTo(id);
    assertThat(
            new RegistryHttp(registry.confluentUrl())
                .get("/subjects/" + enc(subject) + "/versions/latest")
                .json()
                .get("id")
                .asInt())
        .isEqualTo(id);

    byte[] onTopic =
        BrokerIo.roundTrip(
            bootstrap,
            TopicCatalog.RAW_WAFER_MAPS.name(),
            waferId,
            Base64.getDecoder().decode(out.get("bytes").asText()));
    assertThat(WireFormat.schemaId(onTopic)).hasValue(id);
    try (Deserializer<WaferMap> deserializer =
        FabSerdes.valueDeserializer(TopicCatalog.WAFER_MAPS, registry.url())) {
      WaferMap map = deserializer.deserialize(TopicCatalog.RAW_WAFER_MAPS.name(), onTopic);
      assertThat(map.getWaferId()).isEqualTo(waferId);
      assertThat(map.getLot()).isEqualTo("LOT-7");
      assertThat(map.getSlot()).isEqualTo(3);
      assertThat(map.getStep()).isEqualTo("CMP");
      assertThat(map.getInspectedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_999_000L));
      assertThat(map.getDies()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
      assertThat(map.getBinCodes()).containsExactly(1, 9);
      assertThat(map.getSource()).isEqualTo("node");
    }
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static void requireTool(String tool) {
    try {
      Result version = run(List.of(tool, "--version"), "", 60);
      assertThat(version.exit()).as("%s --version: %s", tool, version.stderr()).isZero();
    } catch (IOException e) {
      fail(
          "'"
              + tool
              + "' was not found on the PATH. This test drives the npm client"
              + " @kafkajs/confluent-schema-registry and needs Node.js 20+ with npm installed.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while looking for " + tool, e);
    }
  }

  private static Result run(List<String> command, String stdin, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("interop-out", ".txt");
    Path err = Files.createTempFile("interop-err", ".txt");
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(NODE_DIR.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(command + " did not finish within " + timeoutSeconds + " s: " + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
