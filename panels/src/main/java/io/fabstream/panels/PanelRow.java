package io.fabstream.panels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds one row's values to an upsert statement in column order, with the conversions the panel
 * tables need (instants to {@code timestamptz}, maps to {@code jsonb}, lists to arrays), so each
 * table's mapping reads as a list of its columns.
 */
final class PanelRow {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection connection;
  private final PreparedStatement statement;
  private int index = 1;

  PanelRow(Connection connection, PreparedStatement statement) {
    this.connection = connection;
    this.statement = statement;
  }

  PanelRow text(String v) throws SQLException {
    statement.setString(index++, v);
    return this;
  }

  PanelRow integer(Integer v) throws SQLException {
    if (v == null) {
      statement.setNull(index++, Types.INTEGER);
    } else {
      statement.setInt(index++, v);
    }
    return this;
  }

  PanelRow bigint(Long v) throws SQLException {
    if (v == null) {
      statement.setNull(index++, Types.BIGINT);
    } else {
      statement.setLong(index++, v);
    }
    return this;
  }

  PanelRow dbl(Double v) throws SQLException {
    if (v == null || v.isNaN()) {
      statement.setNull(index++, Types.DOUBLE);
    } else {
      statement.setDouble(index++, v);
    }
    return this;
  }

  PanelRow bool(boolean v) throws SQLException {
    statement.setBoolean(index++, v);
    return this;
  }

  PanelRow time(Instant v) throws SQLException {
    if (v == null) {
      statement.setNull(index++, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setTimestamp(index++, Timestamp.from(v));
    }
    return this;
  }

  PanelRow bytes(ByteBuffer v) throws SQLException {
    ByteBuffer b = v.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    statement.setBytes(index++, out);
    return this;
  }

  /** A {@code jsonb} object from a map (its keys sorted, so a replay writes the same text). */
  PanelRow json(Map<?, ?> v) throws SQLException {
    Map<String, Object> sorted = new TreeMap<>();
    v.forEach(
        (k, x) -> sorted.put(String.valueOf(k), x instanceof CharSequence ? x.toString() : x));
    try {
      statement.setString(index++, JSON.writeValueAsString(sorted));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + v + " as JSON", e);
    }
    return this;
  }

  PanelRow texts(List<? extends CharSequence> v) throws SQLException {
    statement.setArray(
        index++,
        connection.createArrayOf("text", v.stream().map(CharSequence::toString).toArray()));
    return this;
  }

  PanelRow reals(float[] v) throws SQLException {
    Float[] boxed = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      boxed[i] = v[i];
    }
    statement.setArray(index++, connection.createArrayOf("real", boxed));
    return this;
  }

  /** Adds the bound row to the statement's batch; every column must have been bound. */
  void add(int columns) throws SQLException {
    if (index != columns + 1) {
      throw new IllegalStateException("bound " + (index - 1) + " of " + columns + " columns");
    }
    statement.addBatch();
  }
}
