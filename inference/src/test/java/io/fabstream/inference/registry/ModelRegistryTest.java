package io.fabstream.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the model registry's contract: versions numbered on publish with a SHA-256 of every file, a
 * promotion stack that rollback walks back, and refusal of any version whose bytes changed.
 */
class ModelRegistryTest {

  private static final String WAFER = "wafer-cnn";
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final byte[] ONNX_BYTES = {0x08, 0x07, 0x12, 0x04, 'f', 'a', 'b', 0x00, 0x7f};
  private static final String CARD = "# wafer-cnn\n\nmacro-F1 0.81 on held-back wafers\n";

  @TempDir Path tmp;

  private Path staging;
  private ModelRegistry registry;

  @BeforeEach
  void stageAModel() throws IOException {
    staging = Files.createDirectories(tmp.resolve("staging"));
    Files.write(staging.resolve(ModelManifest.ONNX_FILE), ONNX_BYTES);
    Files.writeString(staging.resolve(ModelManifest.CARD_FILE), CARD);
    registry = new ModelRegistry(tmp.resolve("registry"), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static ModelManifest draft(String name) {
    return new ModelManifest(
        name,
        0,
        Instant.parse("2024-05-01T11:30:00Z"),
        new ModelManifest.Architecture(
            "wafer-cnn", Map.of("grid", 32, "widths", List.of(32, 64, 64), "dropout", 0.3)),
        new ModelManifest.TensorSpec("wafer", List.of(-1L, 3L, 32L, 32L), "NCHW"),
        List.of("p.none", "p.scratch", "p.edge-ring"),
        List.of("none", "scratch", "edge-ring"),
        new ModelManifest.Preprocessing(32, "wafer-grid", null, null),
        new ModelManifest.TrainingData(
            "wm811k", Map.of("LSWMD.pkl", "ab12"), "cd34", 811_457, "stratified 80/10/10"),
        Map.of("accuracy", 0.93, "macro_f1", 0.81),
        Map.of("epochs", 12, "seed", 7, "seconds", 640.5),
        Map.of());
  }

  @Test
  void publishingNumbersVersionsAndRecordsTheHashOfEveryFile() {
    assertThat(registry.nextVersion(WAFER)).isEqualTo(1);

    ModelVersion v1 = registry.publish(draft(WAFER), staging);

    assertThat(v1.manifest().version()).isEqualTo(1);
    assertThat(v1.tag()).isEqualTo("wafer-cnn:v1");
    assertThat(v1.directory()).isEqualTo(registry.root().resolve(WAFER).resolve("v1"));
    assertThat(v1.manifest().files())
        .containsOnlyKeys(ModelManifest.ONNX_FILE, ModelManifest.CARD_FILE)
        .containsEntry(ModelManifest.ONNX_FILE, Sha256.of(ONNX_BYTES))
        .containsEntry(ModelManifest.CARD_FILE, Sha256.of(CARD.getBytes(StandardCharsets.UTF_8)))
        .containsEntry(
            ModelManifest.ONNX_FILE, Sha256.of(staging.resolve(ModelManifest.ONNX_FILE)));
    assertThat(v1.file(ModelManifest.ONNX_FILE)).hasBinaryContent(ONNX_BYTES);
    assertThat(registry.nextVersion(WAFER)).isEqualTo(2);

    ModelVersion v2 = registry.publish(draft(WAFER), staging);

    assertThat(v2.manifest().version()).isEqualTo(2);
    assertThat(registry.nextVersion(WAFER)).isEqualTo(3);
    ModelRegistry.Index index = registry.index(WAFER);
    assertThat(index.versions()).extracting(ModelRegistry.Entry::version).containsExactly(1, 2);
    assertThat(index.versions().get(0).manifestSha256())
        .isEqualTo(Sha256.of(v1.directory().resolve(ModelRegistry.MANIFEST)));
    assertThat(index.versions().get(0).publishedAt()).isEqualTo(NOW);
    assertThat(index.current()).as("publishing does not promote").isEmpty();
  }

  @Test
  void aLoadedVersionCarriesTheManifestAsPublished() {
    ModelVersion published = registry.publish(draft(WAFER), staging);

    ModelVersion loaded = registry.load(WAFER, 1);

    assertThat(loaded.manifest()).isEqualTo(published.manifest());
    assertThat(loaded.manifest().architecture().params())
        .containsEntry("grid", 32)
        .containsEntry("widths", List.of(32, 64, 64))
        .containsEntry("dropout", 0.3);
    assertThat(loaded.manifest().metrics()).containsEntry("macro_f1", 0.81);
    assertThat(loaded.directory()).isEqualTo(published.directory());
  }

  @Test
  void aManifestFileInTheStagingDirectoryIsNotPublishedAsAModelFile() throws IOException {
    Files.writeString(staging.resolve(ModelRegistry.MANIFEST), "{}");

    ModelVersion v1 = registry.publish(draft(WAFER), staging);

    assertThat(v1.manifest().files()).doesNotContainKey(ModelRegistry.MANIFEST);
    assertThat(registry.load(WAFER, 1).manifest()).isEqualTo(v1.manifest());
  }

  @Test
  void anEmptyStagingDirectoryIsNothingToPublish() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    assertThatThrownBy(() -> registry.publish(draft(WAFER), empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to publish");
  }

  @Test
  void promotionsStackUpAndRollbackReturnsToThePreviousOne() {
    registry.publish(draft(WAFER), staging);
    registry.publish(draft(WAFER), staging);

    registry.promote(WAFER, 1);
    registry.promote(WAFER, 2);

    assertThat(registry.index(WAFER).current()).contains(2);
    assertThat(registry.promotedVersion(WAFER)).isEqualTo(2);
    assertThat(registry.loadPromoted(WAFER).tag()).isEqualTo("wafer-cnn:v2");

    int now = registry.rollback(WAFER);

    assertThat(now).isEqualTo(1);
    assertThat(registry.index(WAFER).current()).contains(1);
    assertThat(registry.index(WAFER).history())
        .containsExactly(
            new ModelRegistry.Event("promote", 1, NOW),
            new ModelRegistry.Event("promote", 2, NOW),
            new ModelRegistry.Event("rollback", 1, NOW));
  }

  @Test
  void thereIsNothingToRollBackToAfterASinglePromotion() {
    registry.publish(draft(WAFER), staging);
    registry.promote(WAFER, 1);

    assertThatThrownBy(() -> registry.rollback(WAFER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no earlier promoted version");
    assertThat(registry.index(WAFER).current()).contains(1);
  }

  @Test
  void aModelNeverPromotedHasNoVersionInUse() {
    registry.publish(draft(WAFER), staging);

    assertThatThrownBy(() -> registry.promotedVersion(WAFER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no promoted version");
    assertThatThrownBy(() -> registry.rollback(WAFER)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aModelFileWithOneFlippedByteIsRefusedNamingTheFileAndBothHashes() throws IOException {
    ModelVersion v1 = registry.publish(draft(WAFER), staging);
    Path onnx = v1.file(ModelManifest.ONNX_FILE);
    String published = v1.manifest().files().get(ModelManifest.ONNX_FILE);
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[3] ^= 0x01;
    Files.write(onnx, bytes);

    assertThatThrownBy(() -> registry.load(WAFER, 1))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(ModelManifest.ONNX_FILE)
        .hasMessageContaining(published)
        .hasMessageContaining(Sha256.of(bytes))
        .hasMessageContaining("refusing to load");
  }

  @Test
  void aTamperedVersionCannotBePromotedAndTheVersionInUseStays() throws IOException {
    ModelVersion v1 = registry.publish(draft(WAFER), staging);
    registry.publish(draft(WAFER), staging);
    registry.promote(WAFER, 2);
    flipFirstByte(v1.file(ModelManifest.ONNX_FILE));

    assertThatThrownBy(() -> registry.promote(WAFER, 1))
        .isInstanceOf(ModelIntegrityException.class);

    assertThat(registry.index(WAFER).current()).contains(2);
    assertThat(registry.index(WAFER).promoted()).containsExactly(2);
    assertThat(registry.index(WAFER).history()).hasSize(1);
  }

  @Test
  void rollbackToATamperedVersionIsRefusedAndTheVersionInUseStays() throws IOException {
    ModelVersion v1 = registry.publish(draft(WAFER), staging);
    registry.publish(draft(WAFER), staging);
    registry.promote(WAFER, 1);
    registry.promote(WAFER, 2);
    flipFirstByte(v1.file(ModelManifest.ONNX_FILE));

    assertThatThrownBy(() -> registry.rollback(WAFER)).isInstanceOf(ModelIntegrityException.class);

    assertThat(registry.index(WAFER).current()).contains(2);
    assertThat(registry.index(WAFER).history()).hasSize(2);
  }

  @Test
  void anEditedManifestIsRefusedEvenThoughItsFilesAreIntact() throws IOException {
    ModelVersion v1 = registry.publish(draft(WAFER), staging);
    Path manifest = v1.directory().resolve(ModelRegistry.MANIFEST);
    String json = Files.readString(manifest);
    assertThat(json).contains("0.81");
    Files.writeString(manifest, json.replace("0.81", "0.99"));

    assertThatThrownBy(() -> registry.load(WAFER, 1))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(ModelRegistry.MANIFEST)
        .hasMessageContaining(registry.index(WAFER).versions().get(0).manifestSha256());
  }

  @Test
  void aMissingManifestOrModelFileIsRefusedAsMissing() throws IOException {
    ModelVersion v1 = registry.publish(draft(WAFER), staging);
    ModelVersion v2 = registry.publish(draft(WAFER), staging);
    Files.delete(v1.file(ModelManifest.CARD_FILE));
    Files.delete(v2.directory().resolve(ModelRegistry.MANIFEST));

    assertThatThrownBy(() -> registry.load(WAFER, 1))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(ModelManifest.CARD_FILE)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> registry.load(WAFER, 2))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(ModelRegistry.MANIFEST)
        .hasMessageContaining("missing");
  }

  @Test
  void anUnknownModelIsAnErrorListingTheKnownOnes() {
    registry.publish(draft(WAFER), staging);
    registry.publish(draft("trace-lstm"), staging);

    assertThatThrownBy(() -> registry.load("tool-health", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no model 'tool-health'")
        .hasMessageContaining("[trace-lstm, wafer-cnn]");
    assertThatThrownBy(() -> registry.index("tool-health"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnknownVersionIsAnErrorListingThePublishedOnes() {
    registry.publish(draft(WAFER), staging);
    registry.publish(draft(WAFER), staging);

    assertThatThrownBy(() -> registry.load(WAFER, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version 7")
        .hasMessageContaining("[1, 2]");
    assertThatThrownBy(() -> registry.promote(WAFER, 7))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modelNamesAreListedSorted() {
    assertThat(registry.names()).as("a registry not yet created").isEmpty();

    registry.publish(draft(WAFER), staging);
    registry.publish(draft("trace-lstm"), staging);
    registry.publish(draft("anomaly-ae"), staging);

    assertThat(registry.names()).containsExactly("anomaly-ae", "trace-lstm", "wafer-cnn");
  }

  @Test
  void theCombinedHashDependsOnTheEntriesNotTheirOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a.csv", "11");
    ab.put("b.csv", "22");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b.csv", "22");
    ba.put("a.csv", "11");

    assertThat(Sha256.combined(ab)).isEqualTo(Sha256.combined(ba));
    assertThat(Sha256.combined(ab))
        .isEqualTo(Sha256.of("a.csv:11\nb.csv:22\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(Sha256.combined(Map.of("a.csv", "11", "b.csv", "23")))
        .isNotEqualTo(Sha256.combined(ab));
  }

  @Test
  void sha256OfBytesAndOfAFileAreTheStandardLowercaseHexDigest() throws IOException {
    Path file = Files.writeString(tmp.resolve("abc.txt"), "abc");

    String expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThat(Sha256.of("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    assertThat(Sha256.of(file)).isEqualTo(expected);
    assertThat(Sha256.ofFiles(List.of(file))).containsExactly(Map.entry("abc.txt", expected));
  }

  private static void flipFirstByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= (byte) 0xff;
    Files.write(file, bytes);
  }
}
