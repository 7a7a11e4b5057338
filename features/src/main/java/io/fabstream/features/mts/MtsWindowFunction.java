package io.fabstream.features.mts;

import io.fabstream.schemas.MtsWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns one tool/chamber/recipe's trace samples into fixed-shape windows, in event time.
 *
 * <p>Samples are held until the watermark (plus the allowed lateness) passes their time, then
 * sequenced in time order, so windows do not depend on arrival order and a replay or a restart cuts
 * the same windows with the same ids. A sample that arrives after its time has been sequenced is
 * late: it goes to {@link #LATE} (the late-data topic), counted, and changes no window.
 *
 * <p>Sequenced samples feed two cutters: a sliding window of the last T rows emitted every {@code
 * stride} rows, and a wafer x recipe-step segment resampled to T rows when the wafer or step
 * changes. Holes are filled by {@link GapRule}. When a sequence has been quiet for longer than
 * {@code maxGap} its open segment is emitted and all its state is dropped.
 */
public class MtsWindowFunction extends KeyedProcessFunction<String, TracePoint, MtsWindow> {

  private static final long serialVersionUID = 1L;

  /** Samples later than the allowed lateness. */
  public static final OutputTag<TracePoint> LATE =
      new OutputTag<>("late-trace-samples", TypeInformation.of(TracePoint.class));

  /** Quiet timers are rounded up to this, so a 10 Hz sequence registers about one per second. */
  private static final long QUIET_TIMER_GRANULARITY_MS = 1000;

  private final MtsWindowConfig config;
  private final long latenessMs;
  private final long maxGapMs;

  private transient MapState<Long, List<TracePoint>> pending;
  private transient ValueState<ChamberTrack> track;
  private transient WindowCutter cutter;
  private transient String[] layoutCacheKey;
  private transient Map<String, Integer> layoutIndex;
  private transient Counter slidingWindows;
  private transient Counter stepWindows;
  private transient Counter filledValues;
  private transient Counter lateSamples;
  private transient Counter sequenceBreaks;
  private transient Counter shortSegments;
  private transient Counter unknownSensorValues;

  public MtsWindowFunction(MtsWindowConfig config) {
    this.config = config;
    this.latenessMs = config.allowedLateness().toMillis();
    this.maxGapMs = config.maxGap().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-samples", Types.LONG, Types.LIST(Types.POJO(TracePoint.class))));
    track =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("chamber-track", Types.POJO(ChamberTrack.class)));
    cutter = new WindowCutter(config);
    var metrics = getRuntimeContext().getMetricGroup();
    slidingWindows = metrics.counter("slidingWindows");
    stepWindows = metrics.counter("stepWindows");
    filledValues = metrics.counter("filledValues");
    lateSamples = metrics.counter("lateSamples");
    sequenceBreaks = metrics.counter("sequenceBreaks");
    shortSegments = metrics.counter("shortSegments");
    unknownSensorValues = metrics.counter("unknownSensorValues");
  }

  @Override
  public void processElement(TracePoint point, Context ctx, Collector<MtsWindow> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE && point.eventTime + latenessMs <= watermark) {
      lateSamples.inc();
      ctx.output(LATE, point);
      return;
    }
    long due = point.eventTime + latenessMs;
    List<TracePoint> atTime = pending.get(due);
    if (atTime == null) {
      atTime = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(due);
    }
    atTime.add(point);
    pending.put(due, atTime);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MtsWindow> out)
      throws Exception {
    List<TracePoint> due = pending.get(timestamp);
    if (due != null) {
      pending.remove(timestamp);
      if (pending.isEmpty()) {
        pending.clear();
      }
      for (TracePoint p : due) {
        sequence(p, ctx, out);
      }
    }
    ChamberTrack t = track.value();
    if (t != null && t.quietTimer == timestamp && quietSince(t) <= timestamp) {
      sequenceBreaks.inc();
      emitSegment(t, out);
      track.clear();
    }
  }

  private long quietSince(ChamberTrack t) {
    return t.lastTime + maxGapMs + latenessMs + 1;
  }

  /** Applies one sample, in event-time order. */
  private void sequence(TracePoint p, Context ctx, Collector<MtsWindow> out) throws Exception {
    ChamberTrack t = track.value();
    if (t != null && t.lastTime != Long.MIN_VALUE && p.eventTime < t.lastTime) {
      // Only after a restore, whose watermark starts again from nothing: the sequence has moved on.
      lateSamples.inc();
      ctx.output(LATE, p);
      return;
    }
    if (t == null) {
      String[] layout =
          config.reference() != null ? config.reference().sensorNames() : p.sensorNames;
      t = ChamberTrack.start(p, layout, config.windowLength());
    }
    int s = t.width();
    float[] row = new float[s];
    int filled = toRow(t, p, row);

    if (t.lastTime != Long.MIN_VALUE) {
      long dt = p.eventTime - t.lastTime;
      boolean newWafer = config.breakOnWaferChange() && !Objects.equals(p.wafer, t.lastWafer);
      if (dt > maxGapMs || newWafer) {
        sequenceBreaks.inc();
        emitSegment(t, out);
        t.breakSequence();
      } else {
        int missing = GapRule.missingSamples(dt, t.periodMillis);
        for (int i = 1; i <= missing && config.mode().sliding(); i++) {
          long at = t.lastTime + Math.round((double) dt * i / (missing + 1));
          t.pushRow(t.lastRow, at, t.lastWafer, -1, -1, s);
          filledValues.inc(s);
          emitSlidingIfDue(t, out);
        }
        if (dt > 0) {
          t.periodMillis =
              config.samplePeriod() != null
                  ? config.samplePeriod().toMillis()
                  : (t.periodMillis == 0 ? dt : Math.min(t.periodMillis, dt));
        }
      }
    } else if (config.samplePeriod() != null) {
      t.periodMillis = config.samplePeriod().toMillis();
    }

    if (config.mode().stepAligned()) {
      if (t.segRows > 0
          && (!Objects.equals(t.segWafer, p.wafer) || !Objects.equals(t.segStep, p.recipeStep))) {
        emitSegment(t, out);
      }
      if (t.segRows == 0) {
        t.segWafer = p.wafer;
        t.segStep = p.recipeStep;
      }
      t.segLot = p.lot;
      t.pushSegment(row, p.eventTime, p.partition, p.offset, filled);
    }
    if (config.mode().sliding()) {
      t.pushRow(row, p.eventTime, p.wafer, p.partition, p.offset, filled);
      emitSlidingIfDue(t, out);
    }
    filledValues.inc(filled);
    t.lastTime = p.eventTime;
    t.lastRow = row;
    t.lastWafer = p.wafer;
    t.lastLot = p.lot;

    long quiet = roundUp(quietSince(t));
    if (quiet != t.quietTimer) {
      ctx.timerService().registerEventTimeTimer(quiet);
      t.quietTimer = quiet;
    }
    track.update(t);
  }

  private static long roundUp(long millis) {
    long r = Math.floorMod(millis, QUIET_TIMER_GRANULARITY_MS);
    return r == 0 ? millis : millis + (QUIET_TIMER_GRANULARITY_MS - r);
  }

  private void emitSlidingIfDue(ChamberTrack t, Collector<MtsWindow> out) {
    int windowLength = config.windowLength();
    if (t.rows >= windowLength && (t.rows - windowLength) % config.stride() == 0) {
      out.collect(cutter.sliding(t));
      slidingWindows.inc();
    }
  }

  private void emitSegment(ChamberTrack t, Collector<MtsWindow> out) {
    if (t.segRows == 0) {
      return;
    }
    if (t.segRows >= config.minStepSamples()) {
      out.collect(cutter.stepAligned(t));
      stepWindows.inc();
    } else {
      shortSegments.inc();
    }
    t.resetSegment();
  }

  /** Fills {@code row} in layout order; returns how many values were filled, not observed. */
  private int toRow(ChamberTrack t, TracePoint p, float[] row) {
    String[] layout = t.sensors;
    if (java.util.Arrays.equals(layout, p.sensorNames)) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) p.sensorValues[i];
      }
      return 0;
    }
    if (layoutCacheKey != layout) {
      layoutIndex = new HashMap<>();
      for (int i = 0; i < layout.length; i++) {
        layoutIndex.put(layout[i], i);
      }
      layoutCacheKey = layout;
    }
    boolean[] seen = new boolean[row.length];
    for (int i = 0; i < p.sensorNames.length; i++) {
      Integer col = layoutIndex.get(p.sensorNames[i]);
      if (col == null) {
        unknownSensorValues.inc();
      } else {
        row[col] = (float) p.sensorValues[i];
        seen[col] = true;
      }
    }
    int filled = 0;
    float[] means = config.reference() != null ? cutter.referenceMeans() : null;
    for (int i = 0; i < row.length; i++) {
      if (!seen[i]) {
        row[i] = t.lastRow != null ? t.lastRow[i] : (means != null ? means[i] : 0f);
        filled++;
      }
    }
    return filled;
  }
}
