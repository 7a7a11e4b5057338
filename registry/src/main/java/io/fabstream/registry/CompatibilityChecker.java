package io.fabstream.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether a new schema may join a subject under a {@link CompatibilityLevel}, using Avro's
 * own reader/writer rules ({@link SchemaCompatibility}), and explains every incompatibility so the
 * 409 answer tells a producer team what to fix.
 */
final class CompatibilityChecker {

  private CompatibilityChecker() {}

  /** A previous version of the subject. */
  record Previous(int version, Schema schema) {}

  /**
   * Messages describing each incompatibility; empty when compatible.
   *
   * @param previous earlier versions, oldest first (only the last counts unless transitive)
   */
  static List<String> check(CompatibilityLevel level, Schema candidate, List<Previous> previous) {
    if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
      return List.of();
    }
    List<Previous> against =
        level.transitive() ? previous : List.of(previous.get(previous.size() - 1));
    List<String> messages = new ArrayList<>();
    for (Previous old : against) {
      if (level.backward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
            "the new schema cannot read data written with version " + old.version(),
            old.version(),
            level,
            messages);
      }
      if (level.forward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
            "version " + old.version() + " cannot read data written with the new schema",
            old.version(),
            level,
            messages);
      }
    }
    return messages;
  }

  private static void describe(
      SchemaPairCompatibility result,
      String direction,
      int oldVersion,
      CompatibilityLevel level,
      List<String> messages) {
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility i : result.getResult().getIncompatibilities()) {
      messages.add(
          "{errorType:'"
              + i.getType()
              + "', description:'"
              + direction
              + " at path '"
              + i.getLocation()
              + "'', additionalInfo:'"
              + i.getMessage()
              + "', oldSchemaVersion:"
              + oldVersion
              + ", compatibility:'"
              + level
              + "'}");
    }
  }
}
