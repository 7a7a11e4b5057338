package io.fabstream.panels;

import io.fabstream.schemas.Topic;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic's table: its columns in order (a column bound as text and cast on insert is written
 * {@code name::type}), the key it is upserted by, and how a record fills a row. The upsert rewrites
 * every column and {@code stored_at}, so a record read twice leaves one row, as it was.
 *
 * @param <V> the topic's record type
 */
record PanelTable<V extends SpecificRecord>(
    Topic<String, V> topic,
    String table,
    List<String> columns,
    List<String> key,
    Binder<V> binder) {

  /** Fills a row from a record, in column order. */
  @FunctionalInterface
  interface Binder<V> {
    void bind(PanelRow row, V value) throws SQLException;
  }

  PanelTable {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
    if (!columns.stream().map(PanelTable::name).toList().containsAll(key)) {
      throw new IllegalArgumentException(table + ": key " + key + " is not among " + columns);
    }
  }

  /** Column names, without the casts some carry ({@code details::jsonb}). */
  List<String> names() {
    return columns.stream().map(PanelTable::name).toList();
  }

  private static String name(String column) {
    int cast = column.indexOf("::");
    return cast < 0 ? column : column.substring(0, cast);
  }

  private static String placeholder(String column) {
    int cast = column.indexOf("::");
    return cast < 0 ? "?" : "?" + column.substring(cast);
  }

  /** {@code INSERT ... ON CONFLICT (key) DO UPDATE SET every other column}. */
  String upsert() {
    List<String> names = names();
    String updates =
        names.stream()
            .filter(c -> !key.contains(c))
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", names)
        + ") VALUES ("
        + columns.stream().map(PanelTable::placeholder).collect(Collectors.joining(", "))
        + ") ON CONFLICT ("
        + String.join(", ", key)
        + ") DO UPDATE SET "
        + updates
        + ", stored_at = now()";
  }
}
