package io.fabstream.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared PostgreSQL fixture is a real server: SQL, upserts and JSON work on it. */
class PostgresServersITCase {

  @Test
  void theSharedServerAnswersSqlWithUpsertsAndJsonb() throws Exception {
    PostgresServer server = PostgresServers.shared();
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS probe (id text PRIMARY KEY, doc jsonb, n int)");
      st.execute("TRUNCATE probe");
      for (int i = 0; i < 3; i++) {
        st.execute(
            "INSERT INTO probe VALUES ('w-1', '{\"class\": \"Scratch\"}', "
                + i
                + ") ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n");
      }
      try (ResultSet rs =
          st.executeQuery("SELECT count(*), max(n), max(doc->>'class') FROM probe")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getInt(2)).isEqualTo(2);
        assertThat(rs.getString(3)).isEqualTo("Scratch");
      }
      try (ResultSet rs = st.executeQuery("SHOW server_version")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).matches("\\d+.*");
      }
    }
  }
}
