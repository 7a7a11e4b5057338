package io.fabstream.ingest.simulator;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelSource;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated fab: lots planned by {@link LotPlanner}, wafer maps from {@link WaferMapGenerator},
 * traces from {@link TraceGenerator}, lot events and delayed labels, all merged into one stream in
 * event-time order. Entry points behind the CLI:
 *
 * <ul>
 *   <li>{@link #run(FabEventSink, long)}: a fixed number of lots as fast as possible, starting at
 *       the config's start time (same seed, same records);
 *   <li>{@link #runPaced(FabEventSink, Duration, double, BooleanSupplier)}: starts at the wall
 *       clock and emits each record when its event time comes, sped up, for the live demo.
 * </ul>
 *
 * Each lot event lists the lot's wafers: START on release, MOVE into the {@code ETCH} step (tool =
 * etch tool), MOVE into the {@code INSPECT} step (tool = inspection tool), END after the last map.
 */
public final class FabSimulator {

  /** Route step in which wafers are etched and traced. */
  public static final String ETCH_STEP = "ETCH";

  /** Route step at which wafer maps are taken. */
  public static final String INSPECT_STEP = "INSPECT";

  private static final Logger LOG = LoggerFactory.getLogger(FabSimulator.class);
  private static final long PACING_SLICE_NANOS = 50_000_000L;

  private final SimulatorConfig config;
  private final WaferMapGenerator maps = new WaferMapGenerator();
  private final TraceGenerator traces;

  public FabSimulator(SimulatorConfig config) {
    this(config, java.util.List.of());
  }

  /** A fab whose sensors shift as {@code shifts} say (drift for the drift monitor to find). */
  public FabSimulator(SimulatorConfig config, java.util.List<SensorShift> shifts) {
    this.config = config;
    this.traces = new TraceGenerator(config, shifts);
  }

  public SimulatorConfig config() {
    return config;
  }

  /**
   * Emits {@code maxLots} complete lots, with all their labels, as fast as the sink takes them,
   * then flushes the sink (it stays open).
   */
  public SimulationSummary run(FabEventSink sink, long maxLots) {
    if (maxLots < 0) {
      throw new IllegalArgumentException("maxLots must be >= 0, got " + maxLots);
    }
    return drive(
        sink, new LotPlanner(config, config.startTime()), maxLots, (t, k) -> true, () -> true);
  }

  /**
   * {@link #runPaced(FabEventSink, Duration, double, BooleanSupplier)} at the config's speed-up.
   */
  public SimulationSummary runPaced(
      FabEventSink sink, Duration duration, BooleanSupplier keepRunning) {
    return runPaced(sink, duration, config.speedUp(), keepRunning);
  }

  /**
   * Emits an endless line starting now: each record when the wall clock reaches its event time,
   * with event time running {@code speedUp} times faster than the wall clock. Stops after {@code
   * duration} of wall-clock time ({@link Duration#ZERO} = no limit) or once {@code keepRunning}
   * turns false (checked at least every 50 ms), then flushes the sink (it stays open). Records not
   * yet due are dropped.
   */
  public SimulationSummary runPaced(
      FabEventSink sink, Duration duration, double speedUp, BooleanSupplier keepRunning) {
    if (!(speedUp > 0) || Double.isInfinite(speedUp)) {
      throw new IllegalArgumentException("speedUp must be > 0, got " + speedUp);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
    long wallStart = System.nanoTime();
    long deadline = duration.isZero() ? Long.MAX_VALUE : wallStart + duration.toNanos();
    Instant eventStart = Instant.ofEpochMilli(System.currentTimeMillis());
    LOG.info(
        "simulating from {} at {}x for {}",
        eventStart,
        speedUp,
        duration.isZero() ? "ever" : duration);
    Pacer pacer =
        (eventMillis, ignored) -> {
          long due =
              wallStart
                  + (long) ((eventMillis - eventStart.toEpochMilli()) * 1_000_000.0 / speedUp);
          while (true) {
            long now = System.nanoTime();
            if (now - deadline >= 0 || !keepRunning.getAsBoolean()) {
              return false;
            }
            if (now - due >= 0) {
              return true;
            }
            LockSupport.parkNanos(Math.min(due - now, PACING_SLICE_NANOS));
          }
        };
    return drive(sink, new LotPlanner(config, eventStart), Long.MAX_VALUE, pacer, keepRunning);
  }

  /** Decides whether the record at {@code eventMillis} may be emitted now, waiting if needed. */
  private interface Pacer {
    boolean await(long eventMillis, long emitted);
  }

  private record Scheduled(long time, long seq, Object record) {}

  private SimulationSummary drive(
      FabEventSink sink,
      LotPlanner planner,
      long maxLots,
      Pacer pacer,
      BooleanSupplier keepRunning) {
    PriorityQueue<Scheduled> queue =
        new PriorityQueue<>(
            Comparator.comparingLong(Scheduled::time).thenComparingLong(Scheduled::seq));
    long[] seq = {0};
    long lots = 0;
    long mapsOut = 0;
    long samplesOut = 0;
    long lotEventsOut = 0;
    long labelsOut = 0;
    long emitted = 0;
    Instant last = null;
    while (keepRunning.getAsBoolean()) {
      if (lots < maxLots
          && (queue.isEmpty() || queue.peek().time() >= planner.lotStart(lots).toEpochMilli())) {
        schedule(planner.plan(lots), queue, seq);
        lots++;
        continue;
      }
      if (queue.isEmpty()) {
        break;
      }
      if (!pacer.await(queue.peek().time(), emitted)) {
        break;
      }
      Scheduled next = queue.poll();
      Object record = next.record();
      if (record instanceof TraceSample sample) {
        sink.onTraceSample(sample);
        samplesOut++;
      } else if (record instanceof WaferMap map) {
        sink.onWaferMap(map);
        mapsOut++;
      } else if (record instanceof LotEvent event) {
        sink.onLotEvent(event);
        lotEventsOut++;
      } else if (record instanceof GroundTruth label) {
        sink.onGroundTruth(label);
        labelsOut++;
      } else {
        throw new IllegalStateException("unexpected record " + record.getClass());
      }
      emitted++;
      last = Instant.ofEpochMilli(next.time());
    }
    sink.flush();
    SimulationSummary summary =
        new SimulationSummary(lots, mapsOut, samplesOut, lotEventsOut, labelsOut, last);
    LOG.info("simulated {}", summary);
    return summary;
  }

  private void schedule(LotPlan lot, PriorityQueue<Scheduled> queue, long[] seq) {
    List<String> waferIds = lot.waferIds();
    String product = lot.product().name();
    add(
        queue,
        seq,
        lot.start(),
        new LotEvent(lot.lot(), product, LotEventType.START, null, null, waferIds, lot.start()));
    add(
        queue,
        seq,
        lot.etchStart(),
        new LotEvent(
            lot.lot(),
            product,
            LotEventType.MOVE,
            ETCH_STEP,
            lot.etchTool().name(),
            waferIds,
            lot.etchStart()));
    for (WaferPlan wafer : lot.wafers()) {
      ChamberRun run = wafer.run();
      List<TraceSample> samples =
          traces.trace(run, Seeds.stream(config.seed(), "trace/" + wafer.waferId()));
      for (TraceSample sample : samples) {
        add(queue, seq, sample.getEventTime(), sample);
      }
      Instant runEnd = samples.get(samples.size() - 1).getEventTime();
      add(
          queue,
          seq,
          runEnd.plus(config.groundTruthDelay()),
          label(wafer.waferId(), SubjectKind.WAFER_TRACE, run.label(), runEnd, run));
    }
    add(
        queue,
        seq,
        lot.inspectStart(),
        new LotEvent(
            lot.lot(),
            product,
            LotEventType.MOVE,
            INSPECT_STEP,
            config.inspectionTool(),
            waferIds,
            lot.inspectStart()));
    for (WaferPlan wafer : lot.wafers()) {
      byte[] dies =
          maps.dies(
              lot.product(),
              wafer.pattern(),
              Seeds.stream(config.seed(), "map/" + wafer.waferId()));
      WaferMap map =
          new WaferMap(
              wafer.waferId(),
              lot.lot(),
              wafer.slot(),
              product,
              config.inspectionTool(),
              INSPECT_STEP,
              wafer.inspectedAt(),
              lot.product().rows(),
              lot.product().cols(),
              ByteBuffer.wrap(dies),
              null,
              TraceGenerator.SOURCE);
      add(queue, seq, wafer.inspectedAt(), map);
      add(
          queue,
          seq,
          wafer.inspectedAt().plus(config.groundTruthDelay()),
          label(
              wafer.waferId(),
              SubjectKind.WAFER_MAP,
              wafer.pattern().label(),
              wafer.inspectedAt(),
              wafer.run()));
    }
    add(
        queue,
        seq,
        lot.end(),
        new LotEvent(
            lot.lot(), product, LotEventType.END, INSPECT_STEP, null, waferIds, lot.end()));
  }

  private GroundTruth label(
      String waferId, SubjectKind kind, String label, Instant subjectTime, ChamberRun run) {
    return new GroundTruth(
        waferId,
        kind,
        label,
        LabelSource.SIMULATOR,
        subjectTime.plus(config.groundTruthDelay()),
        subjectTime,
        run.tool(),
        run.chamber());
  }

  private static void add(PriorityQueue<Scheduled> queue, long[] seq, Instant time, Object record) {
    queue.add(new Scheduled(time.toEpochMilli(), seq[0]++, record));
  }
}
