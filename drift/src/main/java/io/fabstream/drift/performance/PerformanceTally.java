package io.fabstream.drift.performance;

import io.fabstream.drift.estimate.Calibrations;
import io.fabstream.drift.estimate.ConfidenceBasedEstimate;
import io.fabstream.drift.stats.ConfusionMatrix;
import io.fabstream.drift.stats.StateCodec;
import io.fabstream.schemas.LabelledPrediction;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The labelled predictions of one scope in one window, as a confusion matrix over the model's
 * classes: everything accuracy, per-class precision and recall and macro-F1 need, in memory that
 * does not grow with the number of wafers. Labels outside the model's classes (a pattern the model
 * was never taught) are counted apart.
 *
 * <p>Beside the matrix, the confidence-based estimate of the same predictions (each one's
 * probability of its own verdict, calibrated as the estimate app calibrates it): what the
 * label-free estimate would have said of these wafers, so each report can set the estimate against
 * the realised accuracy.
 *
 * @param matrix counts by actual and predicted class, or null before the first prediction
 * @param unknownLabels labels outside the model's classes
 * @param estimate confidence-based estimate over the predictions that carried a confidence
 */
public record PerformanceTally(
    ConfusionMatrix matrix, long unknownLabels, ConfidenceBasedEstimate estimate) {

  private static final int FORMAT = 2;

  /** The empty tally. */
  public static PerformanceTally empty() {
    return new PerformanceTally(null, 0, new ConfidenceBasedEstimate());
  }

  /** This tally with one more labelled prediction, over {@code classes}. */
  public PerformanceTally add(
      LabelledPrediction p, List<String> classes, Calibrations calibrations) {
    ConfusionMatrix m = matrix != null ? matrix : new ConfusionMatrix(classes);
    if (m.indexOf(p.getActualClass()) < 0 || m.indexOf(p.getPredictedClass()) < 0) {
      return new PerformanceTally(m, unknownLabels + 1, estimate);
    }
    m.add(p.getActualClass(), p.getPredictedClass());
    double c = p.getConfidence();
    if (c >= 0 && c <= 1) {
      estimate.add(calibrations.apply(p.getModel(), p.getModelVersion(), c));
    }
    return new PerformanceTally(m, unknownLabels, estimate);
  }

  byte[] toBytes() {
    return StateCodec.encode(
        FORMAT,
        out -> {
          out.writeLong(unknownLabels);
          out.writeBoolean(matrix != null);
          if (matrix != null) {
            byte[] m = matrix.toBytes();
            out.writeInt(m.length);
            out.write(m);
          }
          byte[] e = estimate.toBytes();
          out.writeInt(e.length);
          out.write(e);
        });
  }

  static PerformanceTally fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "PerformanceTally",
        FORMAT,
        (in, version) -> {
          long unknown = in.readLong();
          ConfusionMatrix matrix = null;
          if (in.readBoolean()) {
            int n = StateCodec.readBoundedInt(in, "matrix bytes", 1, 1 << 22);
            byte[] m = in.readNBytes(n);
            if (m.length != n) {
              throw new IOException("matrix truncated");
            }
            matrix = ConfusionMatrix.fromBytes(m);
          }
          ConfidenceBasedEstimate estimate = new ConfidenceBasedEstimate();
          if (version >= 2) {
            int n = StateCodec.readBoundedInt(in, "estimate bytes", 1, 1 << 10);
            byte[] e = in.readNBytes(n);
            if (e.length != n) {
              throw new IOException("estimate truncated");
            }
            estimate = ConfidenceBasedEstimate.fromBytes(e);
          }
          return new PerformanceTally(matrix, unknown, estimate);
        });
  }

  /** The tally's state serde. */
  static Serde<PerformanceTally> serde() {
    Serializer<PerformanceTally> s = (topic, t) -> t == null ? null : t.toBytes();
    Deserializer<PerformanceTally> d = (topic, b) -> b == null ? null : fromBytes(b);
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(s, d);
  }
}
