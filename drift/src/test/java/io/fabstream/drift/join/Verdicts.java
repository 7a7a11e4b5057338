package io.fabstream.drift.join;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelSource;
import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test data in the fab's words: a wafer called Scratch, a window called faulty, a late label. */
final class Verdicts {

  static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  static final List<String> PATTERNS =
      List.of(
          "Center",
          "Donut",
          "Edge-Loc",
          "Edge-Ring",
          "Loc",
          "Near-full",
          "Random",
          "Scratch",
          "none");

  private Verdicts() {}

  /** The wafer CNN's verdict on a wafer inspected at {@code at}, {@code p} for its class. */
  static WaferPrediction waferCalled(String wafer, String pattern, double p, Instant at) {
    List<Float> probabilities = new ArrayList<>();
    for (String c : PATTERNS) {
      probabilities.add(c.equals(pattern) ? (float) p : (float) ((1 - p) / 8));
    }
    return WaferPrediction.newBuilder()
        .setWaferId(wafer)
        .setLot("LOT-1")
        .setTool("PROBE01")
        .setProduct("P-26x26")
        .setInspectedAt(at)
        .setPredictedClass(pattern)
        .setClasses(PATTERNS)
        .setProbabilities(probabilities)
        .setModel("wafer-cnn")
        .setModelVersion("2")
        .setEngine("onnxruntime")
        .setDevice("cpu")
        .setScoredAt(at.plusSeconds(1))
        .build();
  }

  /** The trace model's verdict on one wafer's step window ending at {@code end}. */
  static TracePrediction stepWindow(
      String window, String wafer, String step, double pFault, Instant end) {
    return TracePrediction.newBuilder()
        .setWindowId(window)
        .setTool("ETCH01")
        .setChamber("PM1")
        .setRecipe("POLY")
        .setRecipeStep(step)
        .setLot("LOT-1")
        .setWafers(List.of(wafer))
        .setWindowStart(end.minusSeconds(60))
        .setWindowEnd(end)
        .setPredictedClass(pFault >= 0.5 ? "fault" : "normal")
        .setFaultProbability(pFault)
        .setAnomalyScore(pFault * 3)
        .setModel("trace-lstm")
        .setModelVersion("3")
        .setEngine("onnxruntime")
        .setDevice("cpu")
        .setScoredAt(end.plusSeconds(1))
        .build();
  }

  /** A sliding window over two wafers: about neither alone. */
  static TracePrediction slidingWindow(String window, Instant end) {
    TracePrediction p = stepWindow(window, "W-A", null, 0.1, end);
    p.setWafers(List.of("W-A", "W-B"));
    p.setRecipeStep(null);
    return p;
  }

  static GroundTruth label(
      String subject,
      SubjectKind kind,
      String label,
      LabelSource source,
      Instant subjectTime,
      Duration delay) {
    return GroundTruth.newBuilder()
        .setSubjectId(subject)
        .setSubjectKind(kind)
        .setLabel(label)
        .setLabelSource(source)
        .setObservedAt(subjectTime.plus(delay))
        .setSubjectTime(subjectTime)
        .setTool(kind == SubjectKind.WAFER_MAP ? "PROBE01" : "ETCH01")
        .setChamber(kind == SubjectKind.WAFER_MAP ? null : "PM1")
        .build();
  }

  /** A reviewed wafer-map label, {@code delay} after inspection. */
  static GroundTruth reviewed(String wafer, String pattern, Instant inspected, Duration delay) {
    return label(wafer, SubjectKind.WAFER_MAP, pattern, LabelSource.REVIEW, inspected, delay);
  }

  /** A wafer's run labelled at sort. */
  static GroundTruth sorted(String wafer, String label, Instant runEnd, Duration delay) {
    return label(wafer, SubjectKind.WAFER_TRACE, label, LabelSource.SORT, runEnd, delay);
  }
}
