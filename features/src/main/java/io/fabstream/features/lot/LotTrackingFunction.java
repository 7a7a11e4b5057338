package io.fabstream.features.lot;

import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.WindowMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks one lot (the key) from its first input until its END, or until it has been quiet for the
 * lot TTL, and then emits its lot-level and per-step {@link LotFeatures} and forgets it.
 *
 * <p>Kafka delivers a lot's wafer maps, windows and events from three topics in no guaranteed
 * order, but a window belongs to the step the lot was in when it was measured. So every input waits
 * in keyed state until the watermark passes its event time and is then applied in event-time order
 * (within one millisecond: START, MOVE, maps and windows, END). An input already behind the
 * watermark is applied at once and counted as late, never dropped.
 *
 * <p>Only step-aligned windows feed the sensor summaries: sliding windows overlap, so their samples
 * would be counted several times; they (and windows of a mode this build does not know) are counted
 * in {@code slidingWindowsIgnored} and ignored.
 *
 * <p>Closing a lot (END, or TTL) emits the lot-level record and one record per route step, clears
 * the lot's state and deletes its TTL timer. Inputs of the same lot stamped after the close stay
 * buffered: when the watermark reaches them they open the lot anew (and it closes by TTL) rather
 * than being dropped.
 */
public class LotTrackingFunction extends KeyedProcessFunction<String, LotInput, LotFeatures> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LotTrackingFunction.class);

  /** {@code closedBy} of a lot closed by its END event. */
  public static final String CLOSED_BY_END = "END";

  /** {@code closedBy} of a lot that expired. */
  public static final String CLOSED_BY_TTL = "TTL";

  /** The order inputs of one millisecond are applied in. */
  private static final Comparator<LotInput> APPLY_ORDER =
      Comparator.comparingInt(LotTrackingFunction::applyRank);

  private final long lotTtlMillis;

  private transient ValueState<LotState> lot;
  private transient MapState<String, WaferTally> lotWafers;
  private transient MapState<String, WaferTally> stepWafers;
  private transient MapState<Long, List<LotInput>> pending;

  private transient Counter lotsClosed;
  private transient Counter lotsExpired;
  private transient Counter lateInputs;
  private transient Counter slidingWindowsIgnored;
  private transient Counter endsWithoutLot;

  public LotTrackingFunction(LotTrackingConfig config) {
    this.lotTtlMillis = config.lotTtl().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    lot =
        getRuntimeContext().getState(new ValueStateDescriptor<>("lot", Types.POJO(LotState.class)));
    lotWafers =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("lot-wafers", Types.STRING, Types.POJO(WaferTally.class)));
    stepWafers =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "step-wafers", Types.STRING, Types.POJO(WaferTally.class)));
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-inputs", Types.LONG, Types.LIST(LotTrackingTypes.INPUT)));
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    lotsClosed = metrics.counter("lotsClosed");
    lotsExpired = metrics.counter("lotsExpired");
    lateInputs = metrics.counter("lateInputs");
    slidingWindowsIgnored = metrics.counter("slidingWindowsIgnored");
    endsWithoutLot = metrics.counter("endsWithoutLot");
  }

  @Override
  public void processElement(LotInput input, Context ctx, Collector<LotFeatures> out)
      throws Exception {
    if (input.isRejected()) {
      throw new IllegalArgumentException(
          "rejected records go to the dead-letter topic, not to lot tracking: "
              + input.rejected.reasonCode);
    }
    if ((input.kind == LotInput.Kind.WINDOW || input.kind == LotInput.Kind.WINDOW_VERDICT)
        && input.windowMode != WindowMode.STEP_ALIGNED) {
      slidingWindowsIgnored.inc();
      return;
    }
    TimerService timers = ctx.timerService();
    if (input.eventTime <= timers.currentWatermark()) {
      lateInputs.inc();
      apply(input, ctx.getCurrentKey(), timers, out);
      return;
    }
    List<LotInput> due = pending.get(input.eventTime);
    if (due == null) {
      due = new ArrayList<>(2);
    }
    due.add(input);
    pending.put(input.eventTime, due);
    timers.registerEventTimeTimer(input.eventTime);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LotFeatures> out)
      throws Exception {
    List<LotInput> due = pending.get(timestamp);
    if (due != null) {
      pending.remove(timestamp);
      due.sort(APPLY_ORDER);
      for (LotInput input : due) {
        apply(input, ctx.getCurrentKey(), ctx.timerService(), out);
      }
    }
    LotState state = lot.value();
    if (state != null && state.ttlTimer == timestamp) {
      LOG.debug("lot {} expired at {} after {}", ctx.getCurrentKey(), timestamp, state);
      close(ctx.getCurrentKey(), state, timestamp, CLOSED_BY_TTL, ctx.timerService(), out);
      lotsExpired.inc();
    }
  }

  private void apply(LotInput input, String key, TimerService timers, Collector<LotFeatures> out)
      throws Exception {
    LotState state = lot.value();
    boolean isEnd = input.kind == LotInput.Kind.LOT_EVENT && input.eventType == LotEventType.END;
    if (state == null) {
      if (isEnd) {
        // Nothing of the lot is open (a repeated END, or one whose lot closed by TTL already).
        endsWithoutLot.inc();
        return;
      }
      state = new LotState();
    }
    if (input.product != null && (state.product == null || input.kind == LotInput.Kind.LOT_EVENT)) {
      state.product = input.product;
    }
    state.touch(input.eventTime);
    switch (input.kind) {
      case LOT_EVENT -> {
        if (input.eventType == LotEventType.START) {
          state.start(input.eventTime);
        } else if (input.eventType == LotEventType.MOVE && input.step != null) {
          state.enter(input.step, input.eventTime);
        } else if (isEnd) {
          close(key, state, input.eventTime, CLOSED_BY_END, timers, out);
          lotsClosed.inc();
          return;
        }
      }
      case WAFER_MAP -> {
        see(lotWafers, input.waferId, input);
        RouteStep step = state.stepAt(input.eventTime);
        if (step != null) {
          see(stepWafers, LotReport.stepWaferKey(step, input.waferId), input);
        }
      }
      case WINDOW -> {
        state.sensors.add(input);
        RouteStep step = state.stepAt(input.eventTime);
        if (step != null) {
          step.sensors.add(input);
        }
        for (String wafer : input.wafers) {
          see(lotWafers, wafer, null);
          if (step != null) {
            see(stepWafers, LotReport.stepWaferKey(step, wafer), null);
          }
        }
      }
      case WAFER_VERDICT -> {
        verdict(lotWafers, input.waferId, input);
        RouteStep step = state.stepAt(input.eventTime);
        if (step != null) {
          verdict(stepWafers, LotReport.stepWaferKey(step, input.waferId), input);
        }
      }
      case WINDOW_VERDICT -> {
        if (input.anomalous) {
          state.anomalousWindows++;
          RouteStep step = state.stepAt(input.eventTime);
          if (step != null) {
            step.anomalousWindows++;
          }
        }
      }
      default -> throw new IllegalStateException("lot tracking cannot apply " + input);
    }
    rescheduleTtl(state, timers);
    lot.update(state);
  }

  /** Records a wafer's predicted pattern under {@code key}. */
  private static void verdict(MapState<String, WaferTally> tallies, String key, LotInput verdict)
      throws Exception {
    WaferTally tally = tallies.get(key);
    if (tally == null) {
      tally = new WaferTally();
    }
    tally.applyVerdict(verdict);
    tallies.put(key, tally);
  }

  /** Records a wafer as seen under {@code key}, with the die counts of {@code map} if given. */
  private static void see(MapState<String, WaferTally> tallies, String key, LotInput map)
      throws Exception {
    WaferTally tally = tallies.get(key);
    if (tally != null && map == null) {
      return;
    }
    if (tally == null) {
      tally = new WaferTally();
    }
    if (map != null) {
      tally.applyMap(map);
    }
    tallies.put(key, tally);
  }

  private void rescheduleTtl(LotState state, TimerService timers) throws Exception {
    long deadline =
        state.lastActivity > Long.MAX_VALUE - lotTtlMillis
            ? Long.MAX_VALUE
            : state.lastActivity + lotTtlMillis;
    if (deadline == state.ttlTimer) {
      return;
    }
    deleteTtlTimer(state, timers);
    timers.registerEventTimeTimer(deadline);
    state.ttlTimer = deadline;
  }

  /** Deletes the TTL timer unless a pending input needs a timer at the same time. */
  private void deleteTtlTimer(LotState state, TimerService timers) throws Exception {
    if (state.ttlTimer != LotState.NONE && !pending.contains(state.ttlTimer)) {
      timers.deleteEventTimeTimer(state.ttlTimer);
    }
  }

  /**
   * Emits the lot and its steps and forgets the lot. Inputs still waiting for a later time stay:
   * they arrived after the close in event time and open the lot anew rather than being lost.
   */
  private void close(
      String key,
      LotState state,
      long closedAt,
      String closedBy,
      TimerService timers,
      Collector<LotFeatures> out)
      throws Exception {
    for (LotFeatures features :
        LotReport.close(
            key, state, lotWafers.entries(), stepWafers.entries(), closedAt, closedBy)) {
      out.collect(features);
    }
    deleteTtlTimer(state, timers);
    lot.clear();
    lotWafers.clear();
    stepWafers.clear();
  }

  private static int applyRank(LotInput input) {
    if (input.kind != LotInput.Kind.LOT_EVENT) {
      return 2;
    }
    return switch (input.eventType) {
      case START -> 0;
      case END -> 3;
      default -> 1;
    };
  }

  /** Inputs applied after the watermark had passed them (for tests and diagnostics). */
  long lateInputCount() {
    return lateInputs.getCount();
  }

  /** Sliding windows ignored (for tests and diagnostics). */
  long slidingWindowsIgnoredCount() {
    return slidingWindowsIgnored.getCount();
  }

  /** Lots closed by END (for tests and diagnostics). */
  long lotsClosedCount() {
    return lotsClosed.getCount();
  }

  /** Lots closed by TTL (for tests and diagnostics). */
  long lotsExpiredCount() {
    return lotsExpired.getCount();
  }
}
