package io.fabstream.ingest.simulator;

import io.fabstream.schemas.DefectPattern;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Schedules the line: lot {@code k} is released at {@code start + k * interval} and goes to etch
 * tool {@code k mod tools}; its wafers are spread round robin over the tool's chambers and run one
 * after another in each; then the lot moves to inspection, where one map per wafer is taken. The
 * interval is chosen so each tool just finishes a lot before its next one arrives. Patterns and
 * faults are drawn per wafer from the seed, independent of every other wafer.
 */
public final class LotPlanner {

  /** Chamber load/unload time between two wafers. */
  static final Duration HANDLING = Duration.ofSeconds(5);

  private static final Duration TO_ETCH = Duration.ofMinutes(1);
  private static final Duration TO_INSPECTION = Duration.ofMinutes(2);
  private static final Duration PER_MAP = Duration.ofSeconds(10);

  private final SimulatorConfig config;
  private final Instant start;
  private final PatternMix mix;
  private final Duration runSpan;
  private final Duration interval;

  /** A planner whose first lot is released at {@code start}. */
  public LotPlanner(SimulatorConfig config, Instant start) {
    this.config = config;
    this.start = Instant.ofEpochMilli(start.toEpochMilli());
    this.mix = new PatternMix(config.patternMix());
    this.runSpan = config.recipe().duration().plus(HANDLING);
    Duration longestLot = Duration.ZERO;
    for (ToolSpec tool : config.etchTools()) {
      Duration lot = lotTime(tool);
      longestLot = lot.compareTo(longestLot) > 0 ? lot : longestLot;
    }
    this.interval = longestLot.dividedBy(config.etchTools().size());
  }

  /** Release time of lot {@code k} (0-based); increasing in {@code k}. */
  public Instant lotStart(long k) {
    return start.plus(interval.multipliedBy(k));
  }

  /** The plan of lot {@code k}. */
  public LotPlan plan(long k) {
    String lot = String.format(Locale.ROOT, "LOT%06d", k + 1);
    SplittableRandom lotRng = Seeds.stream(config.seed(), "lot/" + lot);
    ProductSpec product = config.products().get(lotRng.nextInt(config.products().size()));
    ToolSpec tool = config.etchTools().get((int) (k % config.etchTools().size()));
    Instant released = lotStart(k);
    Instant etchStart = released.plus(TO_ETCH);
    Instant inspectStart = etchStart.plus(etchTime(tool)).plus(TO_INSPECTION);
    int chambers = tool.chambers().size();
    List<WaferPlan> wafers = new ArrayList<>();
    for (int slot = 1; slot <= config.wafersPerLot(); slot++) {
      String waferId = String.format(Locale.ROOT, "%s-W%02d", lot, slot);
      SplittableRandom rng = Seeds.stream(config.seed(), "wafer/" + waferId);
      DefectPattern pattern = mix.draw(rng);
      Optional<InjectedFault> fault = drawFault(rng);
      Instant runStart = etchStart.plus(runSpan.multipliedBy((slot - 1) / chambers));
      ChamberRun run =
          new ChamberRun(
              tool.name(),
              tool.chambers().get((slot - 1) % chambers),
              lot,
              waferId,
              runStart,
              fault);
      wafers.add(
          new WaferPlan(
              waferId, slot, run, pattern, inspectStart.plus(PER_MAP.multipliedBy(slot))));
    }
    Instant end = inspectStart.plus(PER_MAP.multipliedBy(config.wafersPerLot() + 1L));
    return new LotPlan(lot, product, tool, released, etchStart, inspectStart, end, wafers);
  }

  private Optional<InjectedFault> drawFault(SplittableRandom rng) {
    if (config.faultKinds().isEmpty() || rng.nextDouble() >= config.faultProbability()) {
      return Optional.empty();
    }
    FaultKind kind = config.faultKinds().get(rng.nextInt(config.faultKinds().size()));
    int step = rng.nextInt(config.recipe().steps().size());
    SensorSpec sensor = config.sensors().get(rng.nextInt(config.sensors().size()));
    return Optional.of(new InjectedFault(kind, step, sensor.name(), 6 + rng.nextDouble() * 4));
  }

  private Duration etchTime(ToolSpec tool) {
    int chambers = tool.chambers().size();
    int rounds = (config.wafersPerLot() + chambers - 1) / chambers;
    return runSpan.multipliedBy(rounds);
  }

  private Duration lotTime(ToolSpec tool) {
    return TO_ETCH.plus(etchTime(tool)).plus(TO_ETCH);
  }
}
