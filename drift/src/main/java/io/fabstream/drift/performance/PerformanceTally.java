package io.fabstream.drift.performance;

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
 * @param matrix counts by actual and predicted class, or null before the first prediction
 * @param unknownLabels labels outside the model's classes
 */
public record PerformanceTally(ConfusionMatrix matrix, long unknownLabels) {

  private static final int FORMAT = 1;

  /** The empty tally. */
  public static PerformanceTally empty() {
    return new PerformanceTally(null, 0);
  }

  /** This tally with one more labelled prediction, over {@code classes}. */
  public PerformanceTally add(LabelledPrediction p, List<String> classes) {
    ConfusionMatrix m = matrix != null ? matrix : new ConfusionMatrix(classes);
    if (m.indexOf(p.getActualClass()) < 0 || m.indexOf(p.getPredictedClass()) < 0) {
      return new PerformanceTally(m, unknownLabels + 1);
    }
    m.add(p.getActualClass(), p.getPredictedClass());
    return new PerformanceTally(m, unknownLabels);
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
        });
  }

  static PerformanceTally fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "PerformanceTally",
        FORMAT,
        (in, version) -> {
          long unknown = in.readLong();
          if (!in.readBoolean()) {
            return new PerformanceTally(null, unknown);
          }
          int n = StateCodec.readBoundedInt(in, "matrix bytes", 1, 1 << 22);
          byte[] m = in.readNBytes(n);
          if (m.length != n) {
            throw new IOException("matrix truncated");
          }
          return new PerformanceTally(ConfusionMatrix.fromBytes(m), unknown);
        });
  }

  /** The tally's state serde. */
  static Serde<PerformanceTally> serde() {
    Serializer<PerformanceTally> s = (topic, t) -> t == null ? null : t.toBytes();
    Deserializer<PerformanceTally> d = (topic, b) -> b == null ? null : fromBytes(b);
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(s, d);
  }
}
