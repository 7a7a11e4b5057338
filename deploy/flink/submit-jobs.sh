#!/usr/bin/env bash
# Submits fabstream's four Flink jobs to the compose session cluster, detached, once the JobManager
# answers; a job already running under the same name is left alone, so the service can be rerun.
set -euo pipefail
jm="${FLINK_JOBMANAGER:-jobmanager:8081}"
kafka=(--bootstrap "${FABSTREAM_BOOTSTRAP:-kafka:9092}" --registry "${FABSTREAM_REGISTRY:-http://apicurio:8080}")
ckpt=/var/lib/flink/checkpoints
running="$(flink list -m "$jm" -r 2>/dev/null || true)"
submit() {
  local name="$1"; shift
  if grep -q ": $name (RUNNING)" <<<"$running"; then
    echo "$name is running"
    return
  fi
  flink run -d -m "$jm" "$@"
}
submit fabstream-mts-windows -c io.fabstream.features.mts.MtsWindowJob /opt/flink/usrlib/fabstream-features-job.jar \
  "${kafka[@]}" --checkpoint-dir "$ckpt/mts-windows"
submit fabstream-lot-tracking -c io.fabstream.features.lot.LotTrackingJob /opt/flink/usrlib/fabstream-features-job.jar \
  "${kafka[@]}" --checkpoint-dir "$ckpt/lot-tracking"
submit fabstream-wafer-scoring -c io.fabstream.inference.scoring.ScoringJob /opt/flink/usrlib/fabstream-inference-job.jar \
  "${kafka[@]}" --kind wafer --models /opt/fabstream/models --model wafer-cnn \
  --engine "${FABSTREAM_WAFER_ENGINE:-onnxruntime}" --device "${FABSTREAM_WAFER_DEVICE:-cpu}" --checkpoint-dir "$ckpt/score-wafers"
submit fabstream-window-scoring -c io.fabstream.inference.scoring.ScoringJob /opt/flink/usrlib/fabstream-inference-job.jar \
  "${kafka[@]}" --kind window --models /opt/fabstream/models --model "${FABSTREAM_TRACE_MODEL:-trace-lstm-etch-sim}" \
  --engine "${FABSTREAM_TRACE_ENGINE:-onnxruntime}" --device "${FABSTREAM_TRACE_DEVICE:-cpu}" --checkpoint-dir "$ckpt/score-windows"
