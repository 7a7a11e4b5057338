package io.fabstream.features.lot;

import io.fabstream.schemas.LotFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a closing lot's state into the records lot tracking emits: one for the whole lot and one
 * per route step. Kept apart from the Flink function so what a closed lot reports is readable in
 * one place.
 */
final class LotReport {

  /** Separates a route step's id from the wafer id in the step-wafer map keys. */
  static final char STEP_KEY_SEPARATOR = '/';

  private LotReport() {}

  /** The key of a wafer's tally within a route step. */
  static String stepWaferKey(RouteStep step, String waferId) {
    return step.id + String.valueOf(STEP_KEY_SEPARATOR) + waferId;
  }

  /**
   * The lot-level record followed by one record per route step, in route order.
   *
   * @param lotWafers tallies by wafer id
   * @param stepWafers tallies by {@link #stepWaferKey}
   */
  static List<LotFeatures> close(
      String lot,
      LotState state,
      Iterable<Map.Entry<String, WaferTally>> lotWafers,
      Iterable<Map.Entry<String, WaferTally>> stepWafers,
      long closedAt,
      String closedBy) {
    DieYield lotYield = new DieYield();
    Map<String, Integer> lotMix = new TreeMap<>();
    for (Map.Entry<String, WaferTally> wafer : lotWafers) {
      lotYield.add(wafer.getValue());
      count(lotMix, wafer.getValue());
    }
    Map<Integer, DieYield> byStep = new HashMap<>();
    Map<Integer, Map<String, Integer>> mixByStep = new HashMap<>();
    for (Map.Entry<String, WaferTally> wafer : stepWafers) {
      String key = wafer.getKey();
      int stepId = Integer.parseInt(key.substring(0, key.indexOf(STEP_KEY_SEPARATOR)));
      byStep.computeIfAbsent(stepId, id -> new DieYield()).add(wafer.getValue());
      count(mixByStep.computeIfAbsent(stepId, id -> new TreeMap<>()), wafer.getValue());
    }

    List<LotFeatures> out = new ArrayList<>(1 + state.route.length);
    out.add(
        features(lot, null, state, state.openedAt(), closedAt, closedBy, lotYield, state.sensors)
            .setTimeSincePreviousStepMillis(null)
            .setPatternMix(lotMix)
            .setAnomalousWindows(state.anomalousWindows)
            .build());
    RouteStep[] route = state.route;
    for (int i = 0; i < route.length; i++) {
      RouteStep step = route[i];
      long stepClosedAt = i + 1 < route.length ? route[i + 1].enteredAt : closedAt;
      out.add(
          features(
                  lot,
                  step.name,
                  state,
                  step.enteredAt,
                  stepClosedAt,
                  closedBy,
                  byStep.getOrDefault(step.id, new DieYield()),
                  step.sensors)
              .setTimeSincePreviousStepMillis(
                  i == 0 ? null : step.enteredAt - route[i - 1].enteredAt)
              .setPatternMix(mixByStep.getOrDefault(step.id, new TreeMap<>()))
              .setAnomalousWindows(step.anomalousWindows)
              .build());
    }
    return out;
  }

  private static LotFeatures.Builder features(
      String lot,
      String step,
      LotState state,
      long openedAt,
      long closedAt,
      String closedBy,
      DieYield yield,
      SensorMoments sensors) {
    return LotFeatures.newBuilder()
        .setLot(lot)
        .setStep(step)
        .setProduct(state.product)
        .setOpenedAt(Instant.ofEpochMilli(openedAt))
        .setClosedAt(Instant.ofEpochMilli(closedAt))
        .setClosedBy(closedBy)
        .setWafersSeen(yield.wafersSeen())
        .setMeanDieYield(yield.meanYield())
        .setMinDieYield(yield.minYield())
        .setFailDieDensity(yield.failDensity())
        .setSensorSummaries(sensors.toSummaries());
  }

  /** Adds a wafer's latest predicted pattern, if it has one, to a pattern mix. */
  private static void count(Map<String, Integer> mix, WaferTally tally) {
    if (tally.pattern != null) {
      mix.merge(tally.pattern, 1, Integer::sum);
    }
  }
}
