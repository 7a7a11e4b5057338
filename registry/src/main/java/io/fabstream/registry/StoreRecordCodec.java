package io.fabstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON keys and values of the store topic. A key names what a record is about ({@code CONTENT} +
 * id, {@code SCHEMA} + subject + version, {@code CONFIG} + subject), with a fixed field order so
 * that the same thing always gets byte-identical keys and compaction keeps only its latest value. A
 * {@code null} value is a tombstone.
 */
final class StoreRecordCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CONTENT = "CONTENT";
  private static final String SCHEMA = "SCHEMA";
  private static final String CONFIG = "CONFIG";

  private StoreRecordCodec() {}

  static String key(StoreRecord record) {
    ObjectNode key = MAPPER.createObjectNode();
    if (record instanceof StoreRecord.SchemaContent c) {
      key.put("keytype", CONTENT).put("id", c.id());
    } else if (record instanceof StoreRecord.SubjectVersion v) {
      key.put("keytype", SCHEMA).put("subject", v.subject()).put("version", v.version());
    } else if (record instanceof StoreRecord.VersionPurged p) {
      key.put("keytype", SCHEMA).put("subject", p.subject()).put("version", p.version());
    } else if (record instanceof StoreRecord.Compatibility c) {
      key.put("keytype", CONFIG).put("subject", c.subject());
    } else {
      throw new IllegalArgumentException("unknown record " + record);
    }
    return key.toString();
  }

  /** The JSON value, or {@code null} for a tombstone. */
  static String value(StoreRecord record) {
    ObjectNode value = MAPPER.createObjectNode();
    if (record instanceof StoreRecord.SchemaContent c) {
      value
          .put("id", c.id())
          .put("schemaType", "AVRO")
          .put("schema", c.schema())
          .put("createdAt", c.createdAtMillis());
    } else if (record instanceof StoreRecord.SubjectVersion v) {
      value
          .put("subject", v.subject())
          .put("version", v.version())
          .put("id", v.id())
          .put("deleted", v.deleted())
          .put("createdAt", v.createdAtMillis());
    } else if (record instanceof StoreRecord.VersionPurged) {
      return null;
    } else if (record instanceof StoreRecord.Compatibility c) {
      if (c.level() == null) {
        return null;
      }
      value.put("subject", c.subject()).put("compatibilityLevel", c.level().name());
    } else {
      throw new IllegalArgumentException("unknown record " + record);
    }
    return value.toString();
  }

  static StoreRecord decode(String key, String value) {
    try {
      JsonNode k = MAPPER.readTree(key);
      String type = k.path("keytype").asText();
      switch (type) {
        case CONTENT -> {
          JsonNode v = MAPPER.readTree(value);
          return new StoreRecord.SchemaContent(
              v.get("id").asInt(), v.get("schema").asText(), v.path("createdAt").asLong());
        }
        case SCHEMA -> {
          if (value == null) {
            return new StoreRecord.VersionPurged(
                k.get("subject").asText(), k.get("version").asInt());
          }
          JsonNode v = MAPPER.readTree(value);
          return new StoreRecord.SubjectVersion(
              v.get("subject").asText(),
              v.get("version").asInt(),
              v.get("id").asInt(),
              v.path("deleted").asBoolean(false),
              v.path("createdAt").asLong());
        }
        case CONFIG -> {
          String subject = k.get("subject").isNull() ? null : k.get("subject").asText();
          if (value == null) {
            return new StoreRecord.Compatibility(subject, null);
          }
          JsonNode v = MAPPER.readTree(value);
          String level = v.get("compatibilityLevel").asText();
          return new StoreRecord.Compatibility(
              subject,
              CompatibilityLevel.parse(level)
                  .orElseThrow(
                      () -> new IllegalStateException("unknown compatibility level " + level)));
        }
        default -> throw new IllegalStateException("unknown store key type in " + key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable store record " + key, e);
    }
  }
}
