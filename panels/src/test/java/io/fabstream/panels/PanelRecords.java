package io.fabstream.panels;

import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.Severity;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the pipeline publishes, built in the fab's terms for the panel-store tests. */
final class PanelRecords {

  static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  private PanelRecords() {}

  /**
   * A {@code size} x {@code size} wafer of lot {@code lot}, slot {@code slot}: a round wafer whose
   * dies in column 0 fail (a scratch down one edge), the rest pass.
   */
  static WaferMap wafer(String lot, int slot, int size) {
    byte[] dies = new byte[size * size];
    double c = (size - 1) / 2.0;
    for (int r = 0; r < size; r++) {
      for (int k = 0; k < size; k++) {
        boolean on = Math.hypot(r - c, k - c) <= size / 2.0;
        dies[r * size + k] = (byte) (!on ? 0 : k == 1 ? 2 : 1);
      }
    }
    return WaferMap.newBuilder()
        .setWaferId(lot + "-" + slot)
        .setLot(lot)
        .setSlot(slot)
        .setProduct("P-7NM")
        .setTool("INSP-01")
        .setStep("final-inspection")
        .setInspectedAt(T0.plusSeconds(slot))
        .setRows(size)
        .setCols(size)
        .setDies(ByteBuffer.wrap(dies))
        .setBinCodes(null)
        .setSource("simulator")
        .build();
  }

  static WaferPrediction scratchPrediction(WaferMap m, String version, boolean shadow) {
    return WaferPrediction.newBuilder()
        .setWaferId(m.getWaferId())
        .setLot(m.getLot())
        .setTool(m.getTool())
        .setProduct(m.getProduct())
        .setInspectedAt(m.getInspectedAt())
        .setPredictedClass("Scratch")
        .setClasses(List.of("none", "Scratch", "Edge-Loc"))
        .setProbabilities(List.of(0.1f, 0.85f, 0.05f))
        .setAnomalyScore(null)
        .setModel("wafer-cnn")
        .setModelVersion(version)
        .setEngine("onnxruntime")
        .setDevice("cpu")
        .setScoringLatencyMicros(850)
        .setScoredAt(m.getInspectedAt().plusMillis(20))
        .setLineage(null)
        .setShadow(shadow)
        .build();
  }

  /** A step-aligned etch window of {@code length} samples of pressure and RF power. */
  static MtsWindow etchWindow(String id, int length) {
    float[] values = new float[length * 2];
    for (int t = 0; t < length; t++) {
      values[2 * t] = 10f + t;
      values[2 * t + 1] = 500f - t;
    }
    return MtsWindow.newBuilder()
        .setWindowId(id)
        .setTool("ETCH-01")
        .setChamber("PM1")
        .setRecipe("OX-ETCH")
        .setRecipeStep("main-etch")
        .setLot("L100")
        .setWafers(List.of("L100-1"))
        .setMode(WindowMode.STEP_ALIGNED)
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(length - 1))
        .setLength(length)
        .setSensorNames(List.of("chamber_pressure", "rf_power"))
        .setValues(List.of())
        .setPackedValues(WindowValues.pack(values))
        .setFilledGaps(0)
        .setSourceOffsets(List.of())
        .build();
  }

  static TracePrediction faultVerdict(MtsWindow w, double faultProbability) {
    return TracePrediction.newBuilder()
        .setWindowId(w.getWindowId())
        .setTool(w.getTool())
        .setChamber(w.getChamber())
        .setRecipe(w.getRecipe())
        .setRecipeStep(w.getRecipeStep())
        .setLot(w.getLot())
        .setWafers(w.getWafers())
        .setWindowStart(w.getWindowStart())
        .setWindowEnd(w.getWindowEnd())
        .setPredictedClass(faultProbability >= 0.5 ? "fault" : "normal")
        .setFaultProbability(faultProbability)
        .setAnomalyScore(2.5)
        .setModel("trace-lstm-etch-sim")
        .setModelVersion("2")
        .setEngine("onnxruntime")
        .setDevice("cpu")
        .setScoringLatencyMicros(400)
        .setScoredAt(w.getWindowEnd().plusMillis(5))
        .setLineage(null)
        .setShadow(false)
        .build();
  }

  static LotFeatures closedLot(String lot, Map<String, Integer> patternMix) {
    return LotFeatures.newBuilder()
        .setLot(lot)
        .setStep("final-inspection")
        .setProduct("P-7NM")
        .setOpenedAt(T0)
        .setClosedAt(T0.plusSeconds(3600))
        .setClosedBy("LOT_END")
        .setWafersSeen(patternMix.values().stream().mapToInt(Integer::intValue).sum())
        .setMeanDieYield(0.93)
        .setMinDieYield(0.81)
        .setFailDieDensity(0.07)
        .setSensorSummaries(List.of())
        .setTimeSincePreviousStepMillis(null)
        .setPatternMix(patternMix)
        .setAnomalousWindows(1)
        .build();
  }

  static DriftReport psiReport(String id, double psi, boolean drifted) {
    return DriftReport.newBuilder()
        .setReportId(id)
        .setModel("trace-lstm-etch-sim")
        .setModelVersion("2")
        .setKind(DriftKind.DATA)
        .setMetric("psi:main-etch/chamber_pressure")
        .setTool("ETCH-01")
        .setChamber("PM1")
        .setProduct(null)
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(600))
        .setValue(psi)
        .setBaseline(0.0)
        .setThreshold(0.25)
        .setSampleSize(40)
        .setDrifted(drifted)
        .setDetails(Map.of("ks_p", 0.001, "reference_size", 80.0))
        .build();
  }

  /** The labelled accuracy of the wafer CNN over all tools in one window. */
  static DriftReport accuracyReport(String id, double accuracy, long labelled) {
    return DriftReport.newBuilder(psiReport(id, accuracy, false))
        .setModel("wafer-cnn")
        .setModelVersion("3")
        .setKind(DriftKind.PERFORMANCE)
        .setMetric("accuracy")
        .setTool(null)
        .setChamber(null)
        .setBaseline(0.965)
        .setThreshold(0.9)
        .setSampleSize(labelled)
        .setDetails(Map.of("lower_bound", accuracy - 0.05))
        .build();
  }

  static Alert dataDriftAlert(String id) {
    return Alert.newBuilder()
        .setAlertId(id)
        .setSeverity(Severity.WARNING)
        .setCause("data_drift")
        .setMessage("ETCH-01/PM1 chamber_pressure PSI 1.9 > 0.25")
        .setModel("trace-lstm-etch-sim")
        .setModelVersion("2")
        .setTool("ETCH-01")
        .setChamber("PM1")
        .setMetric("psi")
        .setValue(1.9)
        .setThreshold(0.25)
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(600))
        .setSampleSize(40)
        .setRaisedAt(T0.plusSeconds(601))
        .setEvidence(Map.of("psi:main-etch/chamber_pressure", "1.9"))
        .build();
  }

  static RetrainRequest retrain(String id, String alertId) {
    return RetrainRequest.newBuilder()
        .setRequestId(id)
        .setModel("trace-lstm-etch-sim")
        .setModelVersion("2")
        .setReason("data_drift on ETCH-01/PM1")
        .setAlertIds(List.of(alertId))
        .setDataFrom(T0)
        .setDataTo(T0.plusSeconds(3600))
        .setOrchestrator("kubeflow")
        .setParameters(Map.of("tool", "ETCH-01"))
        .setRequestedAt(T0.plusSeconds(602))
        .build();
  }
}
