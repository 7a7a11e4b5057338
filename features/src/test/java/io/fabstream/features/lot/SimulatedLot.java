package io.fabstream.features.lot;

import static io.fabstream.features.lot.LotInputs.lotEvent;
import static io.fabstream.features.lot.LotInputs.slidingWindow;
import static io.fabstream.features.lot.LotInputs.stepWindow;
import static io.fabstream.features.lot.LotInputs.waferId;
import static io.fabstream.features.lot.LotInputs.waferMap;
import static io.fabstream.features.lot.PooledStats.assertSummaries;
import static io.fabstream.features.lot.PooledStats.pooled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.WaferMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One lot through the line as the simulator runs it: START, MOVE into ETCH, a step-aligned window
 * per wafer (and one sliding window), MOVE into INSPECT, a map per wafer, END; with the features
 * lot tracking must report for it, computed independently from the same numbers.
 */
final class SimulatedLot {

  static final int WAFERS = 3;
  static final long MINUTE = 60_000;

  final String lot;
  private final int index;
  private final long start;

  SimulatedLot(String lot, int index, long start) {
    this.lot = lot;
    this.index = index;
    this.start = start;
  }

  long etchAt() {
    return start + MINUTE;
  }

  long inspectAt() {
    return start + 10 * MINUTE;
  }

  long endAt() {
    return start + 20 * MINUTE;
  }

  List<LotEvent> lotEvents() {
    return List.of(
        lotEvent(lot, LotEventType.START).avro(start),
        lotEvent(lot, LotEventType.MOVE, "ETCH").avro(etchAt()),
        lotEvent(lot, LotEventType.MOVE, "INSPECT").avro(inspectAt()),
        lotEvent(lot, LotEventType.END, "INSPECT").avro(endAt()));
  }

  /** Windows in event-time order. */
  List<MtsWindow> windows() {
    List<MtsWindow> windows = new ArrayList<>();
    for (int w = 1; w <= WAFERS; w++) {
      windows.add(
          stepWindow(lot, waferId(lot, w))
              .sensor("pressure", pressure(w))
              .sensor("rf_power", rfPower(w))
              .avro(etchAt() + w * 30_000L));
      if (w == 1) {
        windows.add(
            slidingWindow(lot, waferId(lot, w))
                .sensor("pressure", 999.0, 999.0)
                .sensor("rf_power", -1.0, -1.0)
                .avro(etchAt() + 45_000L));
      }
    }
    return windows;
  }

  List<WaferMap> waferMaps() {
    List<WaferMap> maps = new ArrayList<>();
    for (int w = 1; w <= WAFERS; w++) {
      maps.add(waferMap(lot, w).yielding(pass(w), fail(w)).avro(inspectAt() + w * 20_000L));
    }
    return maps;
  }

  /** All inputs as the job's sources would emit them. */
  List<LotInput> inputs() {
    List<LotInput> inputs = new ArrayList<>();
    lotEvents().forEach(e -> inputs.add(LotInput.of(e)));
    windows().forEach(w -> inputs.add(LotInput.of(w)));
    waferMaps().forEach(m -> inputs.add(LotInput.of(m)));
    return inputs;
  }

  private double[] pressure(int wafer) {
    // Multiples of 1/4: exact as the float the window carries.
    return new double[] {
      index + wafer * 0.5, index + wafer * 0.5 + 0.25, index + wafer * 0.75 + 1, index + 2.5
    };
  }

  private double[] rfPower(int wafer) {
    return new double[] {400 + index + wafer, 402 + wafer, 399 + index, 405 + 2 * wafer};
  }

  private int pass(int wafer) {
    return 80 + wafer + index % 5;
  }

  private int fail(int wafer) {
    return 20 - 3 * wafer;
  }

  /** Checks the lot-level record. */
  void assertLotLevel(LotFeatures f) {
    assertThat(f.getLot()).isEqualTo(lot);
    assertThat(f.getStep()).isNull();
    assertThat(f.getProduct()).isEqualTo(LotInputs.PRODUCT);
    assertThat(f.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(start));
    assertThat(f.getClosedAt()).isEqualTo(Instant.ofEpochMilli(endAt()));
    assertThat(f.getClosedBy()).isEqualTo("END");
    assertThat(f.getWafersSeen()).isEqualTo(WAFERS);
    assertYields(f);
    assertEtchSummaries(f);
    assertThat(f.getTimeSincePreviousStepMillis()).isNull();
  }

  /** Checks the ETCH step's record: the windows, no maps. */
  void assertEtch(LotFeatures f) {
    assertThat(f.getStep()).isEqualTo("ETCH");
    assertThat(f.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(etchAt()));
    assertThat(f.getClosedAt()).isEqualTo(Instant.ofEpochMilli(inspectAt()));
    assertThat(f.getWafersSeen()).isEqualTo(WAFERS);
    assertThat(f.getMeanDieYield()).isNull();
    assertEtchSummaries(f);
    assertThat(f.getTimeSincePreviousStepMillis()).isNull();
  }

  /** Checks the INSPECT step's record: the maps, no windows. */
  void assertInspect(LotFeatures f) {
    assertThat(f.getStep()).isEqualTo("INSPECT");
    assertThat(f.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(inspectAt()));
    assertThat(f.getClosedAt()).isEqualTo(Instant.ofEpochMilli(endAt()));
    assertThat(f.getWafersSeen()).isEqualTo(WAFERS);
    assertYields(f);
    assertThat(f.getSensorSummaries()).isEmpty();
    assertThat(f.getTimeSincePreviousStepMillis()).isEqualTo(inspectAt() - etchAt());
  }

  private void assertYields(LotFeatures f) {
    double sum = 0;
    double min = 1;
    long dies = 0;
    long failing = 0;
    for (int w = 1; w <= WAFERS; w++) {
      double yield = (double) pass(w) / (pass(w) + fail(w));
      sum += yield;
      min = Math.min(min, yield);
      dies += pass(w) + fail(w);
      failing += fail(w);
    }
    assertThat(f.getMeanDieYield()).isCloseTo(sum / WAFERS, within(1e-12));
    assertThat(f.getMinDieYield()).isCloseTo(min, within(1e-12));
    assertThat(f.getFailDieDensity()).isCloseTo((double) failing / dies, within(1e-12));
  }

  private void assertEtchSummaries(LotFeatures f) {
    assertSummaries(
        f.getSensorSummaries(),
        pooled("pressure", pressure(1), pressure(2), pressure(3)),
        pooled("rf_power", rfPower(1), rfPower(2), rfPower(3)));
  }
}
