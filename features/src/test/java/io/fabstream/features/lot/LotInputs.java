package io.fabstream.features.lot;

import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WindowMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lot-tracking test data in fab terms: Avro wafer maps, lot events and sensor windows as the topics
 * carry them, turned into {@link LotInput}s by the production converters.
 */
final class LotInputs {

  static final String PRODUCT = "P-DRAM8";
  static final Instant T0 = Instant.parse("2025-03-01T06:00:00Z");

  private LotInputs() {}

  /** Epoch millis {@code minutes} after {@link #T0}. */
  static long minute(double minutes) {
    return T0.toEpochMilli() + Math.round(minutes * 60_000);
  }

  static String waferId(String lot, int slot) {
    return String.format("%s-W%02d", lot, slot);
  }

  static WaferMapBuilder waferMap(String lot, int slot) {
    return new WaferMapBuilder(lot, slot);
  }

  static LotEventBuilder lotEvent(String lot, LotEventType type, String step) {
    return new LotEventBuilder(lot, type, step);
  }

  static LotEventBuilder lotEvent(String lot, LotEventType type) {
    return new LotEventBuilder(lot, type, null);
  }

  /** A step-aligned window of one wafer. */
  static WindowBuilder stepWindow(String lot, String wafer) {
    return new WindowBuilder(lot, wafer, WindowMode.STEP_ALIGNED);
  }

  /** The wafer CNN's verdict on a wafer: {@code waferVerdict(lot, 3).saying("Scratch")}. */
  static VerdictBuilder waferVerdict(String lot, int slot) {
    return new VerdictBuilder(lot, waferId(lot, slot), true, true);
  }

  /** The window model's verdict on a step-aligned window of a wafer. */
  static VerdictBuilder stepWindowVerdict(String lot, String wafer) {
    return new VerdictBuilder(lot, wafer, false, true);
  }

  /** The window model's verdict on a sliding window of a wafer. */
  static VerdictBuilder slidingWindowVerdict(String lot, String wafer) {
    return new VerdictBuilder(lot, wafer, false, false);
  }

  /** A model verdict as lot tracking receives it from the prediction topics. */
  static final class VerdictBuilder {
    private final String lot;
    private final String wafer;
    private final boolean waferMap;
    private final boolean stepAligned;
    private String predicted = "none";

    private VerdictBuilder(String lot, String wafer, boolean waferMap, boolean stepAligned) {
      this.lot = lot;
      this.wafer = wafer;
      this.waferMap = waferMap;
      this.stepAligned = stepAligned;
    }

    VerdictBuilder saying(String predictedClass) {
      this.predicted = predictedClass;
      return this;
    }

    LotInput at(long eventTime) {
      Instant t = Instant.ofEpochMilli(eventTime);
      if (waferMap) {
        return LotInput.of(
            io.fabstream.schemas.WaferPrediction.newBuilder()
                .setWaferId(wafer)
                .setLot(lot)
                .setTool("PROBE01")
                .setProduct(PRODUCT)
                .setInspectedAt(t)
                .setPredictedClass(predicted)
                .setClasses(List.of(predicted))
                .setProbabilities(List.of(1.0f))
                .setModel("wafer-cnn")
                .setModelVersion("2")
                .setEngine("onnxruntime")
                .setDevice("cpu")
                .setScoredAt(t)
                .build());
      }
      return LotInput.of(
          io.fabstream.schemas.TracePrediction.newBuilder()
              .setWindowId(wafer + "@" + eventTime)
              .setTool("ETCH01")
              .setChamber("PM1")
              .setRecipe("R1")
              .setRecipeStep(stepAligned ? "main" : null)
              .setLot(lot)
              .setWafers(List.of(wafer))
              .setWindowStart(t.minusSeconds(60))
              .setWindowEnd(t)
              .setPredictedClass(predicted)
              .setFaultProbability(predicted.equals("fault") ? 0.9 : 0.1)
              .setModel("trace-lstm")
              .setModelVersion("1")
              .setEngine("onnxruntime")
              .setDevice("cpu")
              .setScoredAt(t)
              .build());
    }
  }

  /** A sliding window of one wafer. */
  static WindowBuilder slidingWindow(String lot, String wafer) {
    return new WindowBuilder(lot, wafer, WindowMode.SLIDING);
  }

  /** A wafer map with {@code pass} passing and {@code fail} failing dies on a square grid. */
  static final class WaferMapBuilder {
    private final String lot;
    private final int slot;
    private int pass = 90;
    private int fail = 10;
    private String step = "INSPECT";

    private WaferMapBuilder(String lot, int slot) {
      this.lot = lot;
      this.slot = slot;
    }

    WaferMapBuilder yielding(int pass, int fail) {
      this.pass = pass;
      this.fail = fail;
      return this;
    }

    WaferMapBuilder step(String step) {
      this.step = step;
      return this;
    }

    WaferMap avro(long eventTime) {
      int side = (int) Math.ceil(Math.sqrt(pass + fail + 4.0));
      byte[] dies = new byte[side * side];
      // Corners off wafer (0), then passing dies (1), then failing dies (2), the rest off wafer.
      int at = 2;
      for (int i = 0; i < pass; i++) {
        dies[at++] = 1;
      }
      for (int i = 0; i < fail; i++) {
        dies[at++] = 2;
      }
      return WaferMap.newBuilder()
          .setWaferId(waferId(lot, slot))
          .setLot(lot)
          .setSlot(slot)
          .setProduct(PRODUCT)
          .setTool("INSP01")
          .setStep(step)
          .setInspectedAt(Instant.ofEpochMilli(eventTime))
          .setRows(side)
          .setCols(side)
          .setDies(ByteBuffer.wrap(dies))
          .setSource("test")
          .build();
    }

    LotInput at(long eventTime) {
      return LotInput.of(avro(eventTime));
    }
  }

  /** A lot event listing wafers 1..3 of the lot. */
  static final class LotEventBuilder {
    private final String lot;
    private final LotEventType type;
    private final String step;

    private LotEventBuilder(String lot, LotEventType type, String step) {
      this.lot = lot;
      this.type = type;
      this.step = step;
    }

    LotEvent avro(long eventTime) {
      return LotEvent.newBuilder()
          .setLot(lot)
          .setProduct(PRODUCT)
          .setEventType(type)
          .setStep(step)
          .setTool(type == LotEventType.MOVE ? step + "01" : null)
          .setWaferIds(List.of(waferId(lot, 1), waferId(lot, 2), waferId(lot, 3)))
          .setEventTime(Instant.ofEpochMilli(eventTime))
          .build();
    }

    LotInput at(long eventTime) {
      return LotInput.of(avro(eventTime));
    }
  }

  /** A window with named sensor columns of equal length. */
  static final class WindowBuilder {
    private final String lot;
    private final String wafer;
    private final WindowMode mode;
    private final Map<String, double[]> sensors = new LinkedHashMap<>();

    private WindowBuilder(String lot, String wafer, WindowMode mode) {
      this.lot = lot;
      this.wafer = wafer;
      this.mode = mode;
    }

    WindowBuilder sensor(String name, double... values) {
      if (!sensors.isEmpty() && sensors.values().iterator().next().length != values.length) {
        throw new IllegalArgumentException("all sensors of a window need the same length");
      }
      sensors.put(name, values);
      return this;
    }

    MtsWindow avro(long windowEnd) {
      List<String> names = new ArrayList<>(sensors.keySet());
      int length = sensors.isEmpty() ? 0 : sensors.values().iterator().next().length;
      List<Float> values = new ArrayList<>();
      for (int t = 0; t < length; t++) {
        for (String name : names) {
          values.add((float) sensors.get(name)[t]);
        }
      }
      return MtsWindow.newBuilder()
          .setWindowId("ETCH01/PM1/R1/" + mode + "/" + wafer + "/" + windowEnd)
          .setTool("ETCH01")
          .setChamber("PM1")
          .setRecipe("R1")
          .setRecipeStep(mode == WindowMode.STEP_ALIGNED ? "MAIN_ETCH" : null)
          .setLot(lot)
          .setWafers(wafer == null ? List.of() : List.of(wafer))
          .setMode(mode)
          .setWindowStart(Instant.ofEpochMilli(windowEnd - 1000L * Math.max(0, length - 1)))
          .setWindowEnd(Instant.ofEpochMilli(windowEnd))
          .setLength(length)
          .setSensorNames(names)
          .setValues(values)
          .build();
    }

    LotInput at(long windowEnd) {
      return LotInput.of(avro(windowEnd));
    }
  }
}
