package io.fabstream.features.lot;

import io.fabstream.features.kafka.RegistryRecordReader;
import io.fabstream.features.kafka.RejectedRecord;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One thing that happened to a lot, as the lot-tracking job carries it: a wafer map reduced to its
 * die counts, a lot event, or a sensor window reduced to per-sensor moments. The three input topics
 * become this one Flink POJO (flat arrays, no collections) so they can be unioned, keyed by lot and
 * buffered in keyed state cheaply; a record that could not be used carries only {@link #rejected}.
 *
 * <p>Model verdicts are lot inputs too: a wafer map's predicted pattern (for the lot's pattern mix)
 * and a window's fault verdict (for anomaly counts per lot and step).
 */
public class LotInput {

  /** What an input is; decides which fields are set. */
  public enum Kind {
    /** A wafer inspection map: {@link #waferId} and the die counts. */
    WAFER_MAP,
    /** A lot event: {@link #eventType}, {@link #step}, {@link #waferIds}. */
    LOT_EVENT,
    /** A sensor window: {@link #windowMode}, {@link #wafers} and the per-sensor moments. */
    WINDOW,
    /** A wafer-map model's verdict: {@link #waferId} and {@link #predictedClass}. */
    WAFER_VERDICT,
    /**
     * A window model's verdict: {@link #windowId}, {@link #wafers}, {@link #windowMode}
     * (step-aligned when the window names a recipe step) and {@link #anomalous}.
     */
    WINDOW_VERDICT,
    /** A record that could not be used: only {@link #rejected}. */
    REJECTED
  }

  public Kind kind;
  public String lot;

  /** Event time, epoch milliseconds. */
  public long eventTime;

  public String product;

  /** The step of a wafer map or lot event; null for windows. */
  public String step;

  /** The wafer of a wafer map. */
  public String waferId;

  /** Dies on the wafer (passing + failing), for wafer maps. */
  public int diesOnWafer;

  public int failingDies;
  public int passingDies;

  /** What happened, for lot events. */
  public LotEventType eventType;

  /** Wafers in the lot at the time of a lot event. */
  public String[] waferIds;

  /** How a window was cut. */
  public WindowMode windowMode;

  public String windowId;

  /** Wafers whose samples are in a window. */
  public String[] wafers;

  /** Sensor names of a window, in the window's column order. */
  public String[] sensorNames;

  /** Per sensor: finite values in the window. */
  public long[] sensorCount;

  /** Per sensor: mean over the window's rows. */
  public double[] sensorMean;

  /** Per sensor: sum of squared deviations from the mean over the window's rows. */
  public double[] sensorM2;

  public double[] sensorMin;
  public double[] sensorMax;

  /** The record that could not be used, for {@link Kind#REJECTED}. */
  public RejectedRecord rejected;

  /** The predicted class of a verdict (a WM-811K pattern, or normal / fault). */
  public String predictedClass;

  /** Whether a window verdict called the window faulty. */
  public boolean anomalous;

  public LotInput() {}

  /** A wafer-map verdict. */
  public static LotInput of(WaferPrediction prediction) {
    LotInput in = new LotInput();
    in.kind = Kind.WAFER_VERDICT;
    in.lot = prediction.getLot();
    in.eventTime = prediction.getInspectedAt().toEpochMilli();
    in.product = prediction.getProduct();
    in.waferId = prediction.getWaferId();
    in.predictedClass = prediction.getPredictedClass();
    return in;
  }

  /** A window verdict; {@link #lot} stays null when the window named no lot. */
  public static LotInput of(TracePrediction prediction) {
    LotInput in = new LotInput();
    in.kind = Kind.WINDOW_VERDICT;
    in.lot = prediction.getLot();
    in.eventTime = prediction.getWindowEnd().toEpochMilli();
    in.windowId = prediction.getWindowId();
    in.wafers = prediction.getWafers().toArray(new String[0]);
    in.windowMode =
        prediction.getRecipeStep() == null ? WindowMode.SLIDING : WindowMode.STEP_ALIGNED;
    in.predictedClass = prediction.getPredictedClass();
    in.anomalous = "fault".equals(prediction.getPredictedClass());
    return in;
  }

  /** A wafer map's die counts; the grid must hold rows*cols bytes. */
  public static LotInput of(WaferMap map) {
    LotInput in = new LotInput();
    in.kind = Kind.WAFER_MAP;
    in.lot = map.getLot();
    in.eventTime = map.getInspectedAt().toEpochMilli();
    in.product = map.getProduct();
    in.step = map.getStep();
    in.waferId = map.getWaferId();
    ByteBuffer dies = map.getDies().duplicate();
    long expected = (long) map.getRows() * map.getCols();
    if (dies.remaining() != expected) {
      throw new IllegalArgumentException(
          "wafer "
              + map.getWaferId()
              + " has "
              + dies.remaining()
              + " die bytes for a "
              + map.getRows()
              + "x"
              + map.getCols()
              + " grid");
    }
    while (dies.hasRemaining()) {
      byte die = dies.get();
      if (die == 1) {
        in.passingDies++;
      } else if (die == 2) {
        in.failingDies++;
      }
    }
    in.diesOnWafer = in.passingDies + in.failingDies;
    return in;
  }

  /** A lot event. */
  public static LotInput of(LotEvent event) {
    LotInput in = new LotInput();
    in.kind = Kind.LOT_EVENT;
    in.lot = event.getLot();
    in.eventTime = event.getEventTime().toEpochMilli();
    in.product = event.getProduct();
    in.step = event.getStep();
    in.eventType = event.getEventType();
    in.waferIds = event.getWaferIds().toArray(new String[0]);
    return in;
  }

  /**
   * A window's per-sensor moments over its T rows (non-finite values skipped); the window must name
   * its lot and hold T x S values.
   */
  public static LotInput of(MtsWindow window) {
    if (window.getLot() == null) {
      throw new IllegalArgumentException("window " + window.getWindowId() + " names no lot");
    }
    int rows = window.getLength();
    List<String> names = window.getSensorNames();
    float[] values = WindowValues.read(window, null);
    int columns = names.size();
    if ((long) rows * columns != values.length) {
      throw new IllegalArgumentException(
          "window "
              + window.getWindowId()
              + " has "
              + values.length
              + " values for "
              + rows
              + " rows x "
              + columns
              + " sensors");
    }
    LotInput in = new LotInput();
    in.kind = Kind.WINDOW;
    in.lot = window.getLot();
    in.eventTime = window.getWindowEnd().toEpochMilli();
    in.windowMode = window.getMode();
    in.windowId = window.getWindowId();
    in.wafers = window.getWafers().toArray(new String[0]);
    in.sensorNames = names.toArray(new String[0]);
    in.sensorCount = new long[columns];
    in.sensorMean = new double[columns];
    in.sensorM2 = new double[columns];
    in.sensorMin = new double[columns];
    in.sensorMax = new double[columns];
    for (int s = 0; s < columns; s++) {
      long n = 0;
      double mean = 0;
      double m2 = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < rows; t++) {
        double x = values[t * columns + s];
        if (!Double.isFinite(x)) {
          continue;
        }
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      in.sensorCount[s] = n;
      in.sensorMean[s] = mean;
      in.sensorM2[s] = m2;
      in.sensorMin[s] = n == 0 ? Double.NaN : min;
      in.sensorMax[s] = n == 0 ? Double.NaN : max;
    }
    return in;
  }

  /** An input standing for a record that could not be used. */
  public static LotInput rejected(RejectedRecord rejected) {
    LotInput in = new LotInput();
    in.kind = Kind.REJECTED;
    in.rejected = rejected;
    in.eventTime = rejected.timestamp;
    return in;
  }

  /** Whether this stands for a rejected record. */
  public boolean isRejected() {
    return kind == Kind.REJECTED;
  }

  @Override
  public String toString() {
    return kind
        + " lot="
        + lot
        + " t="
        + eventTime
        + (eventType == null ? "" : " " + eventType)
        + (step == null ? "" : " step=" + step)
        + (waferId == null ? "" : " wafer=" + waferId)
        + (windowId == null ? "" : " window=" + windowId);
  }

  /** Converter for {@link RegistryRecordReader} on the wafer-maps topic. */
  public static final class WaferMapReader
      implements RegistryRecordReader.Converter<WaferMap, LotInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public LotInput decoded(WaferMap value, ConsumerRecord<byte[], byte[]> record) {
      return of(value);
    }

    @Override
    public LotInput rejected(RejectedRecord rejected) {
      return LotInput.rejected(rejected);
    }
  }

  /** Converter for {@link RegistryRecordReader} on the wafer-predictions topic. */
  public static final class WaferVerdictReader
      implements RegistryRecordReader.Converter<WaferPrediction, LotInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public LotInput decoded(WaferPrediction value, ConsumerRecord<byte[], byte[]> record) {
      return of(value);
    }

    @Override
    public LotInput rejected(RejectedRecord rejected) {
      return LotInput.rejected(rejected);
    }
  }

  /**
   * Converter for {@link RegistryRecordReader} on the trace-predictions topic. A verdict on a
   * window without a lot is valid but concerns no lot: the job drops it before keying.
   */
  public static final class WindowVerdictReader
      implements RegistryRecordReader.Converter<TracePrediction, LotInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public LotInput decoded(TracePrediction value, ConsumerRecord<byte[], byte[]> record) {
      return of(value);
    }

    @Override
    public LotInput rejected(RejectedRecord rejected) {
      return LotInput.rejected(rejected);
    }
  }

  /** Converter for {@link RegistryRecordReader} on the lot-events topic. */
  public static final class LotEventReader
      implements RegistryRecordReader.Converter<LotEvent, LotInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public LotInput decoded(LotEvent value, ConsumerRecord<byte[], byte[]> record) {
      return of(value);
    }

    @Override
    public LotInput rejected(RejectedRecord rejected) {
      return LotInput.rejected(rejected);
    }
  }

  /**
   * Converter for {@link RegistryRecordReader} on the MTS-windows topic. A window without a lot (a
   * tool running test wafers, a replayed dataset without lot ids) cannot be attributed and is
   * rejected as {@code NO_LOT}.
   */
  public static final class WindowReader
      implements RegistryRecordReader.Converter<MtsWindow, LotInput> {
    private static final long serialVersionUID = 1L;

    /** Reason code of a window that names no lot. */
    public static final String NO_LOT = "NO_LOT";

    @Override
    public LotInput decoded(MtsWindow value, ConsumerRecord<byte[], byte[]> record) {
      if (value.getLot() == null) {
        return LotInput.rejected(
            RejectedRecord.of(
                record,
                NO_LOT,
                "window "
                    + value.getWindowId()
                    + " of "
                    + value.getTool()
                    + "/"
                    + value.getChamber()
                    + " names no lot, so lot tracking cannot attribute it"));
      }
      return of(value);
    }

    @Override
    public LotInput rejected(RejectedRecord rejected) {
      return LotInput.rejected(rejected);
    }
  }
}
