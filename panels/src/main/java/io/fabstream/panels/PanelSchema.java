package io.fabstream.panels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The panel tables and views ({@code schema.sql}), created if absent each time a writer starts, so
 * a fresh database needs no migration step. Every statement is idempotent.
 */
public final class PanelSchema {

  private PanelSchema() {}

  /** The statements of {@code schema.sql}, in order. */
  public static List<String> statements() {
    try (InputStream in = PanelSchema.class.getResourceAsStream("schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("schema.sql is missing from the panels jar");
      }
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(sql.split("(?m)^;\\s*$"))
          .map(PanelSchema::withoutComments)
          .filter(s -> !s.isBlank())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema.sql", e);
    }
  }

  private static String withoutComments(String statement) {
    return statement
        .lines()
        .filter(l -> !l.strip().startsWith("--"))
        .reduce("", (a, b) -> a + b + "\n")
        .strip();
  }

  /** Creates what is missing, in one transaction. */
  public static void apply(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      for (String s : statements()) {
        st.execute(s);
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
