package io.fabstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SchemaCompatibilityTest {

  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path HISTORY = Path.of("avro-history");
  private static final List<String> COMMON = List.of("SourceRef", "OffsetRange");

  @TestFactory
  Stream<DynamicTest> everySchemaReadsDataOfItsPreviousVersions() throws IOException {
    return schemaNames().stream()
        .map(name -> DynamicTest.dynamicTest(name, () -> checkHistory(name)));
  }

  @Test
  void everySchemaHasAHistoryAndEveryFieldADoc() throws IOException {
    assertThat(schemaNames())
        .contains(
            "WaferMap",
            "TraceSample",
            "LotEvent",
            "GroundTruth",
            "WaferPrediction",
            "TracePrediction",
            "MtsWindow",
            "LotFeatures",
            "DriftReport",
            "Alert",
            "RetrainRequest",
            "DeadLetter");
    for (String name : schemaNames()) {
      Schema schema = parse(currentFile(name));
      for (Schema.Field field : schema.getFields()) {
        assertThat(field.doc()).as(name + "." + field.name() + " doc").isNotBlank();
        if (field.schema().isNullable()) {
          assertThat(field.hasDefaultValue())
              .as(name + "." + field.name() + " is optional, so it needs a default")
              .isTrue();
        }
      }
    }
  }

  @Test
  void anIncompatibleChangeIsCaught() {
    Schema v1 =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema newFieldWithoutDefault =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"int\"}]}");
    assertThat(backward(newFieldWithoutDefault, v1).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static void checkHistory(String name) throws IOException {
    List<Path> versions = versions(name);
    assertThat(versions)
        .as("avro-history/%s must hold at least v1.avsc (see avro-history/README.md)", name)
        .isNotEmpty();
    for (int i = 1; i < versions.size(); i++) {
      assertBackward(name, parse(versions.get(i)), parse(versions.get(i - 1)), versions.get(i));
    }
    Schema latest = parse(versions.get(versions.size() - 1));
    Schema current = parse(currentFile(name));
    assertBackward(name, current, latest, currentFile(name));
    assertThat(current)
        .as(
            "%s changed since its latest snapshot %s: copy it to avro-history/%s/v%d.avsc",
            name, versions.get(versions.size() - 1), name, versions.size() + 1)
        .isEqualTo(latest);
  }

  private static void assertBackward(String name, Schema reader, Schema writer, Path file) {
    SchemaCompatibility.SchemaPairCompatibility result = backward(reader, writer);
    assertThat(result.getType())
        .as(
            "%s (%s) cannot read data of its previous version: %s",
            name, file, result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  private static SchemaCompatibility.SchemaPairCompatibility backward(
      Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
  }

  private static List<String> schemaNames() throws IOException {
    List<String> names = new ArrayList<>(COMMON);
    try (Stream<Path> files = Files.list(CURRENT)) {
      files
          .filter(p -> p.toString().endsWith(".avsc"))
          .map(p -> p.getFileName().toString().replace(".avsc", ""))
          .sorted()
          .forEach(names::add);
    }
    return names;
  }

  private static Path currentFile(String name) {
    return COMMON.contains(name)
        ? CURRENT.resolve("common").resolve(name + ".avsc")
        : CURRENT.resolve(name + ".avsc");
  }

  private static List<Path> versions(String name) throws IOException {
    Path dir = HISTORY.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted(Comparator.comparingInt(SchemaCompatibilityTest::versionNumber))
          .toList();
    }
  }

  private static int versionNumber(Path p) {
    String f = p.getFileName().toString();
    return Integer.parseInt(f.substring(1, f.length() - ".avsc".length()));
  }

  /** Parses a schema with the current common types known, as the code generator does. */
  private static Schema parse(Path file) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    for (String common : COMMON) {
      Path path = CURRENT.resolve("common").resolve(common + ".avsc");
      if (!path.equals(file)) {
        parser.parse(Files.readString(path));
      }
    }
    return parser.parse(Files.readString(file));
  }
}
