package io.fabstream.drift.join;

import io.fabstream.drift.stats.StateCodec;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferPrediction;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * What the join keeps of a model's verdict until its label comes: days to weeks for review and sort
 * labels, so only the few fields a performance metric needs, in a compact versioned encoding (never
 * the probabilities of every class or the lineage, which stay in the prediction topics).
 *
 * <p>A wafer's trace verdict is the merge of its step windows' verdicts: faulty if any window was
 * called faulty, with the largest fault probability and anomaly score; the wafer is what the fab
 * dispositions and what the sort or review label names.
 *
 * @param kind {@link SubjectKinds#WAFER_MAP}, {@link SubjectKinds#WAFER_TRACE} or {@link
 *     SubjectKinds#WINDOW}
 * @param subjectId wafer id or window id
 * @param model model name
 * @param modelVersion model version
 * @param tool tool, or null
 * @param chamber chamber, or null
 * @param product product, or null
 * @param predictedClass the verdict
 * @param confidence probability of the verdict (for a merged wafer trace: of its strongest window)
 * @param faultProbability trace models' largest p(fault), NaN for wafer maps
 * @param anomalyScore trace models' largest anomaly score, NaN when none
 * @param windows windows merged (1 for maps and single windows)
 * @param subjectTime event time of the subject (inspection, latest window end), epoch millis
 */
public record Verdict(
    String kind,
    String subjectId,
    String model,
    String modelVersion,
    String tool,
    String chamber,
    String product,
    String predictedClass,
    double confidence,
    double faultProbability,
    double anomalyScore,
    int windows,
    long subjectTime) {

  private static final int FORMAT = 1;

  /** Class a trace model gives a faulty window or wafer. */
  public static final String FAULT = "fault";

  /** Class a trace model gives a good one. */
  public static final String NORMAL = "normal";

  /** The state key: kind and subject, so a wafer's map and its trace verdicts never collide. */
  public String key() {
    return key(kind, subjectId);
  }

  /** The state key of a subject. */
  public static String key(String kind, String subjectId) {
    return kind + ":" + subjectId;
  }

  /** A wafer-map verdict. */
  public static Verdict of(WaferPrediction p) {
    int best = p.getClasses().indexOf(p.getPredictedClass());
    double confidence = best < 0 ? Double.NaN : p.getProbabilities().get(best);
    return new Verdict(
        SubjectKinds.WAFER_MAP,
        p.getWaferId(),
        p.getModel(),
        p.getModelVersion(),
        p.getTool(),
        null,
        p.getProduct(),
        p.getPredictedClass(),
        confidence,
        Double.NaN,
        p.getAnomalyScore() == null ? Double.NaN : p.getAnomalyScore(),
        1,
        p.getInspectedAt().toEpochMilli());
  }

  /** A window verdict, about the window ({@code WINDOW}) or about its one wafer. */
  public static Verdict of(TracePrediction p, String kind, String subjectId) {
    double fault = p.getFaultProbability();
    boolean faulty = FAULT.equals(p.getPredictedClass());
    return new Verdict(
        kind,
        subjectId,
        p.getModel(),
        p.getModelVersion(),
        p.getTool(),
        p.getChamber(),
        null,
        p.getPredictedClass(),
        faulty ? fault : 1 - fault,
        fault,
        p.getAnomalyScore() == null ? Double.NaN : p.getAnomalyScore(),
        1,
        p.getWindowEnd().toEpochMilli());
  }

  /**
   * The wafer verdicts a trace prediction stands for: one when a step-aligned window covers exactly
   * one wafer (a sliding window spanning two wafers says nothing about either alone).
   */
  public static List<Verdict> ofWafer(TracePrediction p) {
    if (p.getWafers().size() != 1 || p.getRecipeStep() == null) {
      return List.of();
    }
    return List.of(of(p, SubjectKinds.WAFER_TRACE, p.getWafers().get(0)));
  }

  /**
   * This wafer-trace verdict with one more of its windows: faulty if either is, the larger
   * probabilities, the later time. A verdict of another model version replaces this one: a wafer's
   * verdict must come from one version to count for it.
   */
  public Verdict merge(Verdict other) {
    if (!model.equals(other.model) || !modelVersion.equals(other.modelVersion)) {
      return other;
    }
    boolean faulty = FAULT.equals(predictedClass) || FAULT.equals(other.predictedClass);
    double fault = Math.max(faultProbability, other.faultProbability);
    return new Verdict(
        kind,
        subjectId,
        model,
        modelVersion,
        tool != null ? tool : other.tool,
        chamber != null ? chamber : other.chamber,
        product != null ? product : other.product,
        faulty ? FAULT : NORMAL,
        faulty ? fault : 1 - fault,
        fault,
        maxIgnoringNaN(anomalyScore, other.anomalyScore),
        windows + other.windows,
        Math.max(subjectTime, other.subjectTime));
  }

  private static double maxIgnoringNaN(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
  }

  /** The state encoding. */
  public byte[] toBytes() {
    return StateCodec.encode(
        FORMAT,
        out -> {
          out.writeUTF(kind);
          out.writeUTF(subjectId);
          out.writeUTF(model);
          out.writeUTF(modelVersion);
          writeNullable(out, tool);
          writeNullable(out, chamber);
          writeNullable(out, product);
          out.writeUTF(predictedClass);
          out.writeDouble(confidence);
          out.writeDouble(faultProbability);
          out.writeDouble(anomalyScore);
          out.writeInt(windows);
          out.writeLong(subjectTime);
        });
  }

  /** Decodes {@link #toBytes()}. */
  public static Verdict fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "Verdict",
        FORMAT,
        (in, version) ->
            new Verdict(
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                readNullable(in),
                readNullable(in),
                readNullable(in),
                in.readUTF(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readInt(),
                in.readLong()));
  }

  static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
