package io.fabstream.panels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each topic's mapping writes exactly its table's columns, in the schema the store creates. */
class PanelSchemaTest {

  private static final Pattern TABLE =
      Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+) \\((.*)\\)", Pattern.DOTALL);

  private static Map<String, List<String>> tables() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String statement : PanelSchema.statements()) {
      Matcher m = TABLE.matcher(statement);
      if (!m.find()) {
        continue;
      }
      List<String> columns = new ArrayList<>();
      for (String line : m.group(2).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("PRIMARY KEY")) {
          columns.add(l.split("\\s+")[0]);
        }
      }
      out.put(m.group(1), columns);
    }
    return out;
  }

  @Test
  void everyMappingBindsEveryColumnOfItsTableButStoredAt() {
    Map<String, List<String>> tables = tables();
    assertThat(tables)
        .containsOnlyKeys(
            "wafer_maps",
            "wafer_predictions",
            "mts_windows",
            "trace_predictions",
            "lot_features",
            "drift_reports",
            "alerts",
            "retrain_requests");
    for (PanelTable<?> t : PanelTables.ALL) {
      List<String> expected = new ArrayList<>(tables.get(t.table()));
      expected.remove("stored_at");
      assertThat(t.names()).as(t.table()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void theUpsertRewritesEveryColumnButTheKeyAndCastsJson() {
    String sql = PanelTables.DRIFT_REPORTS.upsert();
    assertThat(sql)
        .startsWith("INSERT INTO drift_reports (report_id, model, model_version, kind,")
        .contains("?::jsonb)")
        .contains("ON CONFLICT (report_id) DO UPDATE SET model = EXCLUDED.model,")
        .endsWith("details = EXCLUDED.details, stored_at = now()")
        .doesNotContain("report_id = EXCLUDED");
    assertThat(PanelTables.ALL.stream().map(t -> t.topic().name()).distinct()).hasSize(10);
  }

  @Test
  void statementsSplitOnTheirOwnLinesAndCarryNoCommentLines() {
    List<String> statements = PanelSchema.statements();
    assertThat(statements).hasSizeGreaterThan(10);
    assertThat(statements).noneMatch(s -> s.startsWith("--") || s.contains("\n;"));
    assertThat(statements).anyMatch(s -> s.startsWith("CREATE OR REPLACE VIEW wafer_dies"));
    assertThat(statements).anyMatch(s -> s.startsWith("CREATE OR REPLACE VIEW mts_window_points"));
  }
}
