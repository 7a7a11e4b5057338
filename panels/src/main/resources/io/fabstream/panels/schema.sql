-- The tables behind fabstream's Grafana panels. Plain PostgreSQL (12 or newer), no extension needed, so
-- the same statements run on TimescaleDB. Every table is keyed by the id of what it holds and written
-- by upsert, so replaying a topic rewrites rows rather than adding them; stored_at is when a row was
-- last written, which the retention setting deletes by (event times may lie in the simulator's future).
-- Statements are separated by lines holding only ';'.

CREATE TABLE IF NOT EXISTS wafer_maps (
  wafer_id      text PRIMARY KEY,
  lot           text NOT NULL,
  slot          integer NOT NULL,
  product       text NOT NULL,
  tool          text NOT NULL,
  step          text NOT NULL,
  inspected_at  timestamptz NOT NULL,
  die_rows      integer NOT NULL,
  die_cols      integer NOT NULL,
  dies          bytea NOT NULL,          -- row-major, 0 = no die, 1 = pass, 2 = fail
  die_count     integer NOT NULL,
  fail_count    integer NOT NULL,
  die_yield     double precision,
  stored_at     timestamptz NOT NULL DEFAULT now()
)
;
CREATE INDEX IF NOT EXISTS wafer_maps_tool_time ON wafer_maps (tool, inspected_at DESC)
;
CREATE INDEX IF NOT EXISTS wafer_maps_lot ON wafer_maps (lot)
;
CREATE TABLE IF NOT EXISTS wafer_predictions (
  wafer_id        text NOT NULL,
  model           text NOT NULL,
  model_version   text NOT NULL,
  shadow          boolean NOT NULL,
  lot             text NOT NULL,
  tool            text NOT NULL,
  product         text,
  inspected_at    timestamptz NOT NULL,
  predicted_class text NOT NULL,
  confidence      double precision NOT NULL,
  probabilities   jsonb NOT NULL,         -- class -> probability
  anomaly_score   double precision,
  engine          text NOT NULL,
  device          text NOT NULL,
  latency_us      bigint NOT NULL,
  scored_at       timestamptz NOT NULL,
  source_topic    text,
  source_partition integer,
  source_offset   bigint,
  stored_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (wafer_id, model, model_version, shadow)
)
;
CREATE INDEX IF NOT EXISTS wafer_predictions_tool_time ON wafer_predictions (tool, inspected_at DESC)
;
CREATE TABLE IF NOT EXISTS mts_windows (
  window_id     text PRIMARY KEY,
  tool          text NOT NULL,
  chamber       text NOT NULL,
  recipe        text NOT NULL,
  recipe_step   text,
  lot           text,
  wafers        text[] NOT NULL,
  mode          text NOT NULL,
  window_start  timestamptz NOT NULL,
  window_end    timestamptz NOT NULL,
  length        integer NOT NULL,
  sensor_names  text[] NOT NULL,
  sensor_values real[] NOT NULL,         -- length x sensors, row-major (time first)
  filled_gaps   integer NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now()
)
;
CREATE INDEX IF NOT EXISTS mts_windows_chamber_time ON mts_windows (tool, chamber, window_start DESC)
;
CREATE TABLE IF NOT EXISTS trace_predictions (
  window_id         text NOT NULL,
  model             text NOT NULL,
  model_version     text NOT NULL,
  shadow            boolean NOT NULL,
  tool              text NOT NULL,
  chamber           text NOT NULL,
  recipe            text NOT NULL,
  recipe_step       text,
  lot               text,
  window_start      timestamptz NOT NULL,
  window_end        timestamptz NOT NULL,
  predicted_class   text NOT NULL,
  fault_probability double precision NOT NULL,
  anomaly_score     double precision,
  engine            text NOT NULL,
  device            text NOT NULL,
  latency_us        bigint NOT NULL,
  scored_at         timestamptz NOT NULL,
  stored_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (window_id, model, model_version, shadow)
)
;
CREATE INDEX IF NOT EXISTS trace_predictions_chamber_time ON trace_predictions (tool, chamber, window_start DESC)
;
CREATE TABLE IF NOT EXISTS lot_features (
  lot               text NOT NULL,
  step              text NOT NULL,          -- '' when the lot closed without a step
  product           text,
  opened_at         timestamptz NOT NULL,
  closed_at         timestamptz NOT NULL,
  closed_by         text NOT NULL,
  wafers_seen       integer NOT NULL,
  mean_die_yield    double precision,
  min_die_yield     double precision,
  fail_die_density  double precision,
  pattern_mix       jsonb NOT NULL,         -- predicted class -> wafers
  anomalous_windows integer NOT NULL,
  stored_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lot, step)
)
;
CREATE TABLE IF NOT EXISTS drift_reports (
  report_id     text PRIMARY KEY,
  model         text NOT NULL,
  model_version text NOT NULL,
  kind          text NOT NULL,
  metric        text NOT NULL,
  tool          text,
  chamber       text,
  product       text,
  window_start  timestamptz NOT NULL,
  window_end    timestamptz NOT NULL,
  value         double precision NOT NULL,
  baseline      double precision,
  threshold     double precision,
  sample_size   bigint NOT NULL,
  drifted       boolean NOT NULL,
  details       jsonb NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now()
)
;
CREATE INDEX IF NOT EXISTS drift_reports_model_time ON drift_reports (model, window_end DESC)
;
CREATE TABLE IF NOT EXISTS alerts (
  alert_id      text NOT NULL,
  raised_at     timestamptz NOT NULL,
  severity      text NOT NULL,
  cause         text NOT NULL,
  message       text NOT NULL,
  model         text,
  model_version text,
  tool          text,
  chamber       text,
  metric        text,
  value         double precision,
  threshold     double precision,
  window_start  timestamptz,
  window_end    timestamptz,
  sample_size   bigint NOT NULL,
  evidence      jsonb NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, raised_at)
)
;
CREATE TABLE IF NOT EXISTS retrain_requests (
  request_id    text PRIMARY KEY,
  model         text NOT NULL,
  model_version text NOT NULL,
  reason        text NOT NULL,
  alert_ids     text[] NOT NULL,
  data_from     timestamptz,
  data_to       timestamptz,
  orchestrator  text,
  parameters    jsonb NOT NULL,
  requested_at  timestamptz NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now()
)
;
-- One row per die, for a heatmap of a wafer's grid (x = die_col, y = die_row, value = state).
CREATE OR REPLACE VIEW wafer_dies AS
SELECT m.wafer_id, m.tool, m.lot, m.inspected_at,
       i / m.die_cols AS die_row,
       i % m.die_cols AS die_col,
       get_byte(m.dies, i) AS state
FROM wafer_maps m, generate_series(0, m.die_rows * m.die_cols - 1) AS i
;
-- One row per sample and sensor of each window, evenly spaced between its first and last sample.
CREATE OR REPLACE VIEW mts_window_points AS
SELECT w.window_id, w.tool, w.chamber, w.recipe, w.recipe_step, w.lot,
       w.window_start + (w.window_end - w.window_start)
           * (CASE WHEN w.length > 1 THEN (i / s.n)::double precision / (w.length - 1) ELSE 0 END) AS ts,
       w.sensor_names[(i % s.n) + 1] AS sensor,
       w.sensor_values[i + 1] AS value
FROM mts_windows w
CROSS JOIN LATERAL (SELECT cardinality(w.sensor_names) AS n) s
CROSS JOIN LATERAL generate_series(0, w.length * s.n - 1) AS i
WHERE s.n > 0
;
