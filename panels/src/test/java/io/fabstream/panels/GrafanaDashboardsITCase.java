package io.fabstream.panels;

import static io.fabstream.panels.PanelRecords.accuracyReport;
import static io.fabstream.panels.PanelRecords.closedLot;
import static io.fabstream.panels.PanelRecords.dataDriftAlert;
import static io.fabstream.panels.PanelRecords.etchWindow;
import static io.fabstream.panels.PanelRecords.faultVerdict;
import static io.fabstream.panels.PanelRecords.psiReport;
import static io.fabstream.panels.PanelRecords.retrain;
import static io.fabstream.panels.PanelRecords.scratchPrediction;
import static io.fabstream.panels.PanelRecords.wafer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabstream.platform.postgres.PostgresServer;
import io.fabstream.platform.postgres.PostgresServers;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.WaferMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The provisioned Grafana dashboards against the panel store's real schema: every panel's SQL (and
 * every variable's) runs on PostgreSQL with Grafana's macros and variables filled in, and returns
 * rows for a fab's worth of data; every datasource a panel names is one the provisioning creates.
 */
class GrafanaDashboardsITCase {

  private static final Path GRAFANA = Path.of("grafana");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void everyPanelQueryRunsOnThePanelSchemaAndReturnsRows() throws Exception {
    PostgresServer postgres = PostgresServers.shared();
    List<Path> dashboards;
    try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
      dashboards = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(dashboards)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("drift.json", "mts.json", "wafer-maps.json");
    String datasources =
        Files.readString(GRAFANA.resolve("provisioning/datasources/fabstream.yaml"));

    try (Connection db =
        DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
      PanelSchema.apply(db);
      String lot = "G" + run;
      WaferMap map = wafer(lot, 1, 7);
      MtsWindow window = etchWindow("GW-" + run, 4);
      upsert(db, PanelTables.WAFER_MAPS, map);
      upsert(db, PanelTables.WAFER_PREDICTIONS, scratchPrediction(map, "3", false));
      upsert(db, PanelTables.MTS_WINDOWS, window);
      upsert(db, PanelTables.TRACE_PREDICTIONS, faultVerdict(window, 0.7));
      upsert(db, PanelTables.LOT_FEATURES, closedLot(lot, Map.of("Scratch", 1)));
      upsert(db, PanelTables.DRIFT_REPORTS, psiReport("GR-" + run, 0.4, true));
      upsert(db, PanelTables.DRIFT_REPORTS, accuracyReport("GP-" + run, 0.94, 100));
      upsert(db, PanelTables.ALERTS, dataDriftAlert("GA-" + run));
      upsert(db, PanelTables.RETRAIN_REQUESTS, retrain("GQ-" + run, "GA-" + run));
      Map<String, String> variables =
          Map.of(
              "tool", map.getTool(),
              "wafer", map.getWaferId(),
              "etch_tool", window.getTool(),
              "chamber", window.getChamber());

      Set<String> uids = new HashSet<>();
      int queries = 0;
      List<String> empty = new ArrayList<>();
      for (Path file : dashboards) {
        JsonNode d = JSON.readTree(file.toFile());
        assertThat(uids.add(d.path("uid").asText())).as("unique uid " + file).isTrue();
        List<JsonNode> withSql = new ArrayList<>();
        d.path("templating").path("list").forEach(withSql::add);
        for (JsonNode panel : d.path("panels")) {
          assertThat(datasources)
              .as(file + " panel " + panel.path("title").asText())
              .contains("uid: " + panel.path("datasource").path("uid").asText());
          panel.path("targets").forEach(withSql::add);
        }
        for (JsonNode q : withSql) {
          String uid = q.path("datasource").path("uid").asText();
          assertThat(datasources).as(file + " datasource").contains("uid: " + uid);
          if (!uid.equals("fabstream-pg")) {
            assertThat(q.path("expr").asText()).as(file + " Prometheus query").isNotBlank();
            continue;
          }
          String sql = q.has("rawSql") ? q.path("rawSql").asText() : q.path("query").asText();
          String filled = fill(sql, variables);
          assertThat(filled).as("no variable left in " + sql).doesNotContain("$");
          queries++;
          try (Statement st = db.createStatement();
              ResultSet rs = st.executeQuery(filled)) {
            if (!rs.next()) {
              empty.add(file.getFileName() + ": " + sql);
            }
          } catch (SQLException e) {
            throw new AssertionError(file + ": " + sql + " failed: " + e.getMessage(), e);
          }
        }
      }
      assertThat(queries).as("SQL queries checked").isGreaterThanOrEqualTo(15);
      assertThat(empty).as("queries that found nothing").isEmpty();
    }
  }

  /** Grafana's time macro over all time, and the dashboard variables. */
  private static String fill(String sql, Map<String, String> variables) {
    String out =
        sql.replaceAll(
            "\\$__timeFilter\\(([^)]+)\\)",
            "$1 BETWEEN '1970-01-01T00:00:00Z' AND '2100-01-01T00:00:00Z'");
    for (Map.Entry<String, String> v : variables.entrySet()) {
      out = out.replace("$" + v.getKey(), v.getValue());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> void upsert(Connection db, PanelTable<V> table, V value)
      throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(table.upsert())) {
      PanelRow row = new PanelRow(db, ps);
      table.binder().bind(row, value);
      row.add(table.columns().size());
      ps.executeBatch();
    }
  }
}
