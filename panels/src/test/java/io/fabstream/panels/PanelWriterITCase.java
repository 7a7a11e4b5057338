package io.fabstream.panels;

import static io.fabstream.panels.PanelRecords.closedLot;
import static io.fabstream.panels.PanelRecords.dataDriftAlert;
import static io.fabstream.panels.PanelRecords.etchWindow;
import static io.fabstream.panels.PanelRecords.faultVerdict;
import static io.fabstream.panels.PanelRecords.psiReport;
import static io.fabstream.panels.PanelRecords.retrain;
import static io.fabstream.panels.PanelRecords.scratchPrediction;
import static io.fabstream.panels.PanelRecords.wafer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.platform.postgres.PostgresServer;
import io.fabstream.platform.postgres.PostgresServers;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The panel store on a real broker and a real PostgreSQL server: every kind of record lands in its
 * table and views, a replay of the same records changes nothing, bad records go to the dead-letter
 * topic with their reason while the rest are stored, and the retention deletes old rows.
 */
@Tag("kafka")
class PanelWriterITCase {

  private final String bootstrap = KafkaClusters.shared().bootstrapServers();
  private final String registry = EmbeddedSchemaRegistry.shared().url();
  private final PostgresServer postgres = PostgresServers.shared();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void everyPanelRecordIsStoredOnceAndBadOnesAreDeadLettered() throws Exception {
    TopicAdmin.ensureTopics(bootstrap, TopicCatalog.all());
    String lot = "L" + run;
    WaferMap map = wafer(lot, 1, 9);
    MtsWindow window = etchWindow("W-" + run, 5);
    List<ProducerRecord<String, byte[]>> batch =
        List.of(
            record(TopicCatalog.WAFER_MAPS, map.getWaferId(), map),
            record(TopicCatalog.WAFER_MAPS, lot + "-2", wafer(lot, 2, 9)),
            record(
                TopicCatalog.WAFER_PREDICTIONS,
                map.getWaferId(),
                scratchPrediction(map, "3", false)),
            record(
                TopicCatalog.WAFER_PREDICTIONS_SHADOW,
                map.getWaferId(),
                scratchPrediction(map, "4", true)),
            record(TopicCatalog.MTS_WINDOWS, window.getWindowId(), window),
            record(
                TopicCatalog.TRACE_PREDICTIONS, window.getWindowId(), faultVerdict(window, 0.92)),
            record(TopicCatalog.LOT_FEATURES, lot, closedLot(lot, Map.of("Scratch", 1, "none", 1))),
            record(TopicCatalog.DRIFT_REPORTS, "R-" + run, psiReport("R-" + run, 1.9, true)),
            record(TopicCatalog.ALERTS, "A-" + run, dataDriftAlert("A-" + run)),
            record(TopicCatalog.RETRAIN_REQUESTS, "Q-" + run, retrain("Q-" + run, "A-" + run)));
    send(batch);

    PanelWriter.Settings settings =
        new PanelWriter.Settings(
            bootstrap,
            registry,
            "panels-it-" + run,
            postgres.jdbcUrl(),
            postgres.user(),
            postgres.password(),
            Duration.ofDays(1),
            Duration.ofSeconds(1),
            500);
    try (PanelWriter writer = PanelWriter.start(settings, new SimpleMeterRegistry());
        Connection db =
            DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          count(db, "retrain_requests WHERE request_id = 'Q-" + run + "'")
                              + count(db, "wafer_maps WHERE lot = '" + lot + "'"))
                      .isEqualTo(3));
      Map<String, Object> before = snapshot(db, lot, window.getWindowId());

      // die grid: 9 x 9 wafer, the dies inside the circle, column 1 failing
      assertThat(before.get("dies")).isEqualTo(69L);
      assertThat(before.get("fails")).isEqualTo(7L);
      assertThat((Double) before.get("yield"))
          .isCloseTo(62.0 / 69, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(before.get("champion")).isEqualTo("Scratch 0.85 3");
      assertThat(before.get("shadow")).isEqualTo("4");
      assertThat(before.get("points")).isEqualTo("10 chamber_pressure=10..14 rf_power=500..496 4s");
      assertThat(before.get("verdict")).isEqualTo("fault 0.92");
      assertThat(before.get("lot")).isEqualTo("1 1 2");
      assertThat(before.get("drift")).isEqualTo("DATA true 0.001");
      assertThat(before.get("alert")).isEqualTo("data_drift 1.9");
      assertThat(before.get("retrain")).isEqualTo("kubeflow A-" + run);

      // the same records again, a record that is not Avro and a map whose grid is short
      WaferMap shortGrid = wafer(lot, 3, 9);
      shortGrid.setDies(ByteBuffer.wrap(new byte[10]));
      long written = writer.rowsWritten();
      List<ProducerRecord<String, byte[]>> again = new ArrayList<>(batch);
      again.add(
          new ProducerRecord<>(
              TopicCatalog.WAFER_MAPS.name(),
              lot + "-x",
              "not avro".getBytes(StandardCharsets.UTF_8)));
      again.add(record(TopicCatalog.WAFER_MAPS, shortGrid.getWaferId(), shortGrid));
      send(again);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(writer.rowsWritten()).isEqualTo(written + batch.size());
                assertThat(writer.deadLettered()).isEqualTo(2);
              });
      assertThat(snapshot(db, lot, window.getWindowId()))
          .as("a replay rewrites the same rows")
          .isEqualTo(before);
      assertThat(count(db, "wafer_maps WHERE lot = '" + lot + "'")).isEqualTo(2);
      assertThat(deadLetterReasons(lot))
          .containsExactlyInAnyOrder("UNDECODABLE", "PANEL_ROW_REFUSED");

      // retention: a row stored two days ago goes on the next pass (every second here)
      try (Statement st = db.createStatement()) {
        st.executeUpdate(
            "UPDATE wafer_maps SET stored_at = now() - interval '2 days' WHERE wafer_id = '"
                + lot
                + "-2'");
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(count(db, "wafer_maps WHERE lot = '" + lot + "'")).isEqualTo(1));
    }
  }

  private Map<String, Object> snapshot(Connection db, String lot, String windowId)
      throws SQLException {
    String wafer = lot + "-1";
    Map<String, Object> m = new java.util.TreeMap<>();
    m.put(
        "dies",
        one(db, "SELECT count(*) FROM wafer_dies WHERE wafer_id = '" + wafer + "' AND state > 0"));
    m.put(
        "fails",
        one(db, "SELECT count(*) FROM wafer_dies WHERE wafer_id = '" + wafer + "' AND state = 2"));
    m.put("yield", one(db, "SELECT die_yield FROM wafer_maps WHERE wafer_id = '" + wafer + "'"));
    m.put(
        "champion",
        one(
            db,
            "SELECT predicted_class || ' ' || round(confidence::numeric, 2) || ' ' || model_version"
                + " FROM wafer_predictions WHERE wafer_id = '"
                + wafer
                + "' AND NOT shadow"));
    m.put(
        "shadow",
        one(
            db,
            "SELECT model_version FROM wafer_predictions WHERE wafer_id = '"
                + wafer
                + "' AND shadow"));
    m.put(
        "points",
        one(
            db,
            "SELECT count(*) || ' chamber_pressure=' || min(value) FILTER (WHERE sensor = 'chamber_pressure')"
                + " || '..' || max(value) FILTER (WHERE sensor = 'chamber_pressure')"
                + " || ' rf_power=' || max(value) FILTER (WHERE sensor = 'rf_power')"
                + " || '..' || min(value) FILTER (WHERE sensor = 'rf_power')"
                + " || ' ' || extract(epoch FROM max(ts) - min(ts))::int || 's'"
                + " FROM mts_window_points WHERE window_id = '"
                + windowId
                + "'"));
    m.put(
        "verdict",
        one(
            db,
            "SELECT predicted_class || ' ' || fault_probability FROM trace_predictions WHERE window_id = '"
                + windowId
                + "'"));
    m.put(
        "lot",
        one(
            db,
            "SELECT (pattern_mix->>'Scratch') || ' ' || (pattern_mix->>'none') || ' ' || wafers_seen"
                + " FROM lot_features WHERE lot = '"
                + lot
                + "'"));
    m.put(
        "drift",
        one(
            db,
            "SELECT kind || ' ' || drifted || ' ' || (details->>'ks_p') FROM drift_reports WHERE report_id = 'R-"
                + run
                + "'"));
    m.put(
        "alert",
        one(db, "SELECT cause || ' ' || value FROM alerts WHERE alert_id = 'A-" + run + "'"));
    m.put(
        "retrain",
        one(
            db,
            "SELECT orchestrator || ' ' || alert_ids[1] FROM retrain_requests WHERE request_id = 'Q-"
                + run
                + "'"));
    m.put("stored", one(db, "SELECT count(*) FROM alerts WHERE alert_id = 'A-" + run + "'"));
    return m;
  }

  private static Object one(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      Object v = rs.getObject(1);
      assertThat(rs.next()).as("one row: " + sql).isFalse();
      return v;
    }
  }

  private static long count(Connection db, String from) throws SQLException {
    return ((Number) one(db, "SELECT count(*) FROM " + from)).longValue();
  }

  private <V extends SpecificRecord> ProducerRecord<String, byte[]> record(
      Topic<String, V> topic, String key, V value) {
    try (var serializer = FabSerdes.valueSerializer(topic, registry)) {
      return new ProducerRecord<>(topic.name(), key, serializer.serialize(topic.name(), value));
    }
  }

  private void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (ProducerRecord<String, byte[]> r : records) {
        p.send(r).get();
      }
    }
  }

  private List<String> deadLetterReasons(String lot) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "panels-dlq-" + run);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> reasons = new ArrayList<>();
    try (KafkaConsumer<byte[], DeadLetter> c =
        new KafkaConsumer<>(
            props,
            new ByteArrayDeserializer(),
            FabSerdes.valueDeserializer(TopicCatalog.DEAD_LETTER, registry))) {
      c.subscribe(List.of(TopicCatalog.DEAD_LETTER.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (reasons.size() < 2 && System.nanoTime() < deadline) {
        for (var r : c.poll(Duration.ofMillis(500))) {
          DeadLetter d = r.value();
          String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          if (d.getApplication().equals(PanelWriter.APPLICATION) && key.startsWith(lot)) {
            reasons.add(d.getReasonCode());
          }
        }
      }
    }
    return reasons;
  }
}
