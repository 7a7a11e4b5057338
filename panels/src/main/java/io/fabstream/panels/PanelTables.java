package io.fabstream.panels;

import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import io.fabstream.schemas.WindowValues;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which topic fills which panel table, column by column: validated wafer maps, wafer and window
 * predictions (champion and shadow), MTS windows, closed lots' features, drift reports, alerts and
 * retraining requests. The column lists match {@code schema.sql}.
 */
final class PanelTables {

  private PanelTables() {}

  static final PanelTable<WaferMap> WAFER_MAPS =
      new PanelTable<>(
          TopicCatalog.WAFER_MAPS,
          "wafer_maps",
          List.of(
              "wafer_id",
              "lot",
              "slot",
              "product",
              "tool",
              "step",
              "inspected_at",
              "die_rows",
              "die_cols",
              "dies",
              "die_count",
              "fail_count",
              "die_yield"),
          List.of("wafer_id"),
          (row, m) -> {
            int dies = 0;
            int fails = 0;
            ByteBuffer grid = m.getDies().duplicate();
            if (grid.remaining() != m.getRows() * m.getCols()) {
              throw new IllegalArgumentException(
                  "wafer "
                      + m.getWaferId()
                      + ": "
                      + grid.remaining()
                      + " die states for a "
                      + m.getRows()
                      + " x "
                      + m.getCols()
                      + " grid");
            }
            while (grid.hasRemaining()) {
              byte d = grid.get();
              dies += d == 0 ? 0 : 1;
              fails += d == 2 ? 1 : 0;
            }
            row.text(m.getWaferId())
                .text(m.getLot())
                .integer(m.getSlot())
                .text(m.getProduct())
                .text(m.getTool())
                .text(m.getStep())
                .time(m.getInspectedAt())
                .integer(m.getRows())
                .integer(m.getCols())
                .bytes(m.getDies())
                .integer(dies)
                .integer(fails)
                .dbl(dies == 0 ? null : (dies - fails) / (double) dies);
          });

  private static PanelTable<WaferPrediction> waferPredictions(
      Topic<String, WaferPrediction> topic) {
    return new PanelTable<>(
        topic,
        "wafer_predictions",
        List.of(
            "wafer_id",
            "model",
            "model_version",
            "shadow",
            "lot",
            "tool",
            "product",
            "inspected_at",
            "predicted_class",
            "confidence",
            "probabilities::jsonb",
            "anomaly_score",
            "engine",
            "device",
            "latency_us",
            "scored_at",
            "source_topic",
            "source_partition",
            "source_offset"),
        List.of("wafer_id", "model", "model_version", "shadow"),
        (row, p) -> {
          Map<String, Float> probabilities = new LinkedHashMap<>();
          float confidence = 0;
          for (int i = 0; i < p.getClasses().size() && i < p.getProbabilities().size(); i++) {
            probabilities.put(p.getClasses().get(i), p.getProbabilities().get(i));
            confidence = Math.max(confidence, p.getProbabilities().get(i));
          }
          row.text(p.getWaferId())
              .text(p.getModel())
              .text(p.getModelVersion())
              .bool(p.getShadow())
              .text(p.getLot())
              .text(p.getTool())
              .text(p.getProduct())
              .time(p.getInspectedAt())
              .text(p.getPredictedClass())
              .dbl((double) confidence)
              .json(probabilities)
              .dbl(p.getAnomalyScore())
              .text(p.getEngine())
              .text(p.getDevice())
              .bigint(p.getScoringLatencyMicros())
              .time(p.getScoredAt())
              .text(p.getLineage() == null ? null : p.getLineage().getTopic())
              .integer(p.getLineage() == null ? null : p.getLineage().getPartition())
              .bigint(p.getLineage() == null ? null : p.getLineage().getOffset());
        });
  }

  static final PanelTable<WaferPrediction> WAFER_PREDICTIONS =
      waferPredictions(TopicCatalog.WAFER_PREDICTIONS);

  static final PanelTable<WaferPrediction> WAFER_PREDICTIONS_SHADOW =
      waferPredictions(TopicCatalog.WAFER_PREDICTIONS_SHADOW);

  static final PanelTable<MtsWindow> MTS_WINDOWS =
      new PanelTable<>(
          TopicCatalog.MTS_WINDOWS,
          "mts_windows",
          List.of(
              "window_id",
              "tool",
              "chamber",
              "recipe",
              "recipe_step",
              "lot",
              "wafers",
              "mode",
              "window_start",
              "window_end",
              "length",
              "sensor_names",
              "sensor_values",
              "filled_gaps"),
          List.of("window_id"),
          (row, w) -> {
            float[] values = WindowValues.read(w, null);
            if (values.length != w.getLength() * w.getSensorNames().size()) {
              throw new IllegalArgumentException(
                  "window "
                      + w.getWindowId()
                      + ": "
                      + values.length
                      + " values for "
                      + w.getLength()
                      + " samples of "
                      + w.getSensorNames().size()
                      + " sensors");
            }
            row.text(w.getWindowId())
                .text(w.getTool())
                .text(w.getChamber())
                .text(w.getRecipe())
                .text(w.getRecipeStep())
                .text(w.getLot())
                .texts(w.getWafers())
                .text(w.getMode().name())
                .time(w.getWindowStart())
                .time(w.getWindowEnd())
                .integer(w.getLength())
                .texts(w.getSensorNames())
                .reals(values)
                .integer(w.getFilledGaps());
          });

  private static PanelTable<TracePrediction> tracePredictions(
      Topic<String, TracePrediction> topic) {
    return new PanelTable<>(
        topic,
        "trace_predictions",
        List.of(
            "window_id",
            "model",
            "model_version",
            "shadow",
            "tool",
            "chamber",
            "recipe",
            "recipe_step",
            "lot",
            "window_start",
            "window_end",
            "predicted_class",
            "fault_probability",
            "anomaly_score",
            "engine",
            "device",
            "latency_us",
            "scored_at"),
        List.of("window_id", "model", "model_version", "shadow"),
        (row, p) ->
            row.text(p.getWindowId())
                .text(p.getModel())
                .text(p.getModelVersion())
                .bool(p.getShadow())
                .text(p.getTool())
                .text(p.getChamber())
                .text(p.getRecipe())
                .text(p.getRecipeStep())
                .text(p.getLot())
                .time(p.getWindowStart())
                .time(p.getWindowEnd())
                .text(p.getPredictedClass())
                .dbl(p.getFaultProbability())
                .dbl(p.getAnomalyScore())
                .text(p.getEngine())
                .text(p.getDevice())
                .bigint(p.getScoringLatencyMicros())
                .time(p.getScoredAt()));
  }

  static final PanelTable<TracePrediction> TRACE_PREDICTIONS =
      tracePredictions(TopicCatalog.TRACE_PREDICTIONS);

  static final PanelTable<TracePrediction> TRACE_PREDICTIONS_SHADOW =
      tracePredictions(TopicCatalog.TRACE_PREDICTIONS_SHADOW);

  static final PanelTable<LotFeatures> LOT_FEATURES =
      new PanelTable<>(
          TopicCatalog.LOT_FEATURES,
          "lot_features",
          List.of(
              "lot",
              "step",
              "product",
              "opened_at",
              "closed_at",
              "closed_by",
              "wafers_seen",
              "mean_die_yield",
              "min_die_yield",
              "fail_die_density",
              "pattern_mix::jsonb",
              "anomalous_windows"),
          List.of("lot", "step"),
          (row, f) ->
              row.text(f.getLot())
                  .text(f.getStep() == null ? "" : f.getStep())
                  .text(f.getProduct())
                  .time(f.getOpenedAt())
                  .time(f.getClosedAt())
                  .text(f.getClosedBy())
                  .integer(f.getWafersSeen())
                  .dbl(f.getMeanDieYield())
                  .dbl(f.getMinDieYield())
                  .dbl(f.getFailDieDensity())
                  .json(f.getPatternMix())
                  .integer(f.getAnomalousWindows()));

  static final PanelTable<DriftReport> DRIFT_REPORTS =
      new PanelTable<>(
          TopicCatalog.DRIFT_REPORTS,
          "drift_reports",
          List.of(
              "report_id",
              "model",
              "model_version",
              "kind",
              "metric",
              "tool",
              "chamber",
              "product",
              "window_start",
              "window_end",
              "value",
              "baseline",
              "threshold",
              "sample_size",
              "drifted",
              "details::jsonb"),
          List.of("report_id"),
          (row, r) ->
              row.text(r.getReportId())
                  .text(r.getModel())
                  .text(r.getModelVersion())
                  .text(r.getKind().name())
                  .text(r.getMetric())
                  .text(r.getTool())
                  .text(r.getChamber())
                  .text(r.getProduct())
                  .time(r.getWindowStart())
                  .time(r.getWindowEnd())
                  .dbl(r.getValue())
                  .dbl(r.getBaseline())
                  .dbl(r.getThreshold())
                  .bigint(r.getSampleSize())
                  .bool(r.getDrifted())
                  .json(r.getDetails()));

  static final PanelTable<Alert> ALERTS =
      new PanelTable<>(
          TopicCatalog.ALERTS,
          "alerts",
          List.of(
              "alert_id",
              "raised_at",
              "severity",
              "cause",
              "message",
              "model",
              "model_version",
              "tool",
              "chamber",
              "metric",
              "value",
              "threshold",
              "window_start",
              "window_end",
              "sample_size",
              "evidence::jsonb"),
          List.of("alert_id", "raised_at"),
          (row, a) ->
              row.text(a.getAlertId())
                  .time(a.getRaisedAt())
                  .text(a.getSeverity().name())
                  .text(a.getCause())
                  .text(a.getMessage())
                  .text(a.getModel())
                  .text(a.getModelVersion())
                  .text(a.getTool())
                  .text(a.getChamber())
                  .text(a.getMetric())
                  .dbl(a.getValue())
                  .dbl(a.getThreshold())
                  .time(a.getWindowStart())
                  .time(a.getWindowEnd())
                  .bigint(a.getSampleSize())
                  .json(a.getEvidence()));

  static final PanelTable<RetrainRequest> RETRAIN_REQUESTS =
      new PanelTable<>(
          TopicCatalog.RETRAIN_REQUESTS,
          "retrain_requests",
          List.of(
              "request_id",
              "model",
              "model_version",
              "reason",
              "alert_ids",
              "data_from",
              "data_to",
              "orchestrator",
              "parameters::jsonb",
              "requested_at"),
          List.of("request_id"),
          (row, r) ->
              row.text(r.getRequestId())
                  .text(r.getModel())
                  .text(r.getModelVersion())
                  .text(r.getReason())
                  .texts(r.getAlertIds())
                  .time(r.getDataFrom())
                  .time(r.getDataTo())
                  .text(r.getOrchestrator())
                  .json(r.getParameters())
                  .time(r.getRequestedAt()));

  /** Every table, in the order a batch writes them. */
  static final List<PanelTable<?>> ALL =
      List.of(
          WAFER_MAPS,
          WAFER_PREDICTIONS,
          WAFER_PREDICTIONS_SHADOW,
          MTS_WINDOWS,
          TRACE_PREDICTIONS,
          TRACE_PREDICTIONS_SHADOW,
          LOT_FEATURES,
          DRIFT_REPORTS,
          ALERTS,
          RETRAIN_REQUESTS);
}
