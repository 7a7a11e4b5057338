package io.fabstream.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Parses Avro schema text and gives its canonical form, the identity of a schema content: two texts
 * that differ only in whitespace or attribute order get the same form, hence the same id, while
 * docs, defaults and logical types still count (they change what readers do).
 */
final class AvroSchemas {

  private AvroSchemas() {}

  /** Parses {@code text}, or fails with Confluent's 42201 and Avro's reason. */
  static Schema parse(String text) {
    if (text == null || text.isBlank()) {
      throw RegistryException.invalidSchema("the schema is empty");
    }
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
      throw RegistryException.invalidSchema(e.getMessage());
    } catch (RuntimeException e) {
      // Jackson and Avro throw assorted unchecked exceptions for malformed JSON.
      throw RegistryException.invalidSchema(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Canonical text of a parsed schema: Avro's compact JSON rendering. */
  static String canonical(Schema schema) {
    return schema.toString();
  }

  /** Rejects anything but Avro (Confluent's {@code schemaType}; absent means AVRO). */
  static void requireAvro(String schemaType) {
    if (schemaType != null && !schemaType.isBlank() && !"AVRO".equalsIgnoreCase(schemaType)) {
      throw RegistryException.invalidSchema(
          "schemaType "
              + schemaType
              + " is not supported: the embedded registry stores Avro schemas only");
    }
  }
}
