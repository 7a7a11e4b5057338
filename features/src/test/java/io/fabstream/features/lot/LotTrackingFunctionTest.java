package io.fabstream.features.lot;

import static io.fabstream.features.lot.LotInputs.PRODUCT;
import static io.fabstream.features.lot.LotInputs.lotEvent;
import static io.fabstream.features.lot.LotInputs.minute;
import static io.fabstream.features.lot.LotInputs.slidingWindow;
import static io.fabstream.features.lot.LotInputs.slidingWindowVerdict;
import static io.fabstream.features.lot.LotInputs.stepWindow;
import static io.fabstream.features.lot.LotInputs.stepWindowVerdict;
import static io.fabstream.features.lot.LotInputs.waferId;
import static io.fabstream.features.lot.LotInputs.waferMap;
import static io.fabstream.features.lot.LotInputs.waferVerdict;
import static io.fabstream.features.lot.PooledStats.assertSummaries;
import static io.fabstream.features.lot.PooledStats.pooled;
import static io.fabstream.schemas.LotEventType.END;
import static io.fabstream.schemas.LotEventType.MOVE;
import static io.fabstream.schemas.LotEventType.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.schemas.LotFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lot-tracking function on Flink's keyed operator harness, driven by explicit watermarks. */
class LotTrackingFunctionTest {

  private static final String LOT = "L1001";
  private static final String LOT_LEVEL = "<lot>";

  private LotTrackingFunction function;
  private KeyedOneInputStreamOperatorTestHarness<String, LotInput, LotFeatures> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private void open(LotTrackingConfig config) throws Exception {
    function = new LotTrackingFunction(config);
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function), in -> in.lot, Types.STRING);
    harness.open();
  }

  private void open() throws Exception {
    open(LotTrackingConfig.defaults());
  }

  private void send(LotInput... inputs) throws Exception {
    for (LotInput input : inputs) {
      harness.processElement(input, input.eventTime);
    }
  }

  /** Emitted records by step ({@link #LOT_LEVEL} for the lot-level one), in emission order. */
  private Map<String, LotFeatures> emittedByStep() {
    Map<String, LotFeatures> byStep = new LinkedHashMap<>();
    for (LotFeatures f : harness.extractOutputValues()) {
      LotFeatures previous = byStep.put(f.getStep() == null ? LOT_LEVEL : f.getStep(), f);
      assertThat(previous).as("one record per lot and per step").isNull();
    }
    return byStep;
  }

  @Test
  void yieldIsMeanAndMinimumOverWafersAndFailDensityIsOverAllDies() throws Exception {
    open();
    send(
        lotEvent(LOT, START).at(minute(0)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        lotEvent(LOT, MOVE, "INSPECT").at(minute(10)),
        waferMap(LOT, 1).yielding(90, 10).at(minute(11)),
        waferMap(LOT, 2).yielding(60, 40).at(minute(12)),
        waferMap(LOT, 3).yielding(48, 2).at(minute(13)),
        lotEvent(LOT, END, "INSPECT").at(minute(20)));
    harness.processWatermark(minute(20));

    Map<String, LotFeatures> out = emittedByStep();
    assertThat(out.keySet()).containsExactly(LOT_LEVEL, "ETCH", "INSPECT");
    LotFeatures lot = out.get(LOT_LEVEL);
    assertThat(lot.getLot()).isEqualTo(LOT);
    assertThat(lot.getProduct()).isEqualTo(PRODUCT);
    assertThat(lot.getWafersSeen()).isEqualTo(3);
    assertThat(lot.getMeanDieYield()).isCloseTo((0.9 + 0.6 + 0.96) / 3, within(1e-12));
    assertThat(lot.getMinDieYield()).isCloseTo(0.6, within(1e-12));
    assertThat(lot.getFailDieDensity()).isCloseTo(52.0 / 250.0, within(1e-12));
    assertThat(lot.getPatternMix()).isEmpty();
    assertThat(lot.getAnomalousWindows()).isZero();

    LotFeatures inspect = out.get("INSPECT");
    assertThat(inspect.getWafersSeen()).isEqualTo(3);
    assertThat(inspect.getMeanDieYield()).isEqualTo(lot.getMeanDieYield());
    assertThat(inspect.getFailDieDensity()).isEqualTo(lot.getFailDieDensity());

    LotFeatures etch = out.get("ETCH");
    assertThat(etch.getWafersSeen()).isZero();
    assertThat(etch.getMeanDieYield()).isNull();
    assertThat(etch.getMinDieYield()).isNull();
    assertThat(etch.getFailDieDensity()).isNull();
  }

  @Test
  void verdictsGiveThePatternMixAndTheAnomalousWindowsPerLotAndStep() throws Exception {
    open();
    String w1 = waferId(LOT, 1);
    String w2 = waferId(LOT, 2);
    send(
        lotEvent(LOT, START).at(minute(0)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        stepWindowVerdict(LOT, w1).saying("fault").at(minute(2)),
        stepWindowVerdict(LOT, w2).saying("normal").at(minute(3)),
        stepWindowVerdict(LOT, w2).saying("fault").at(minute(4)),
        slidingWindowVerdict(LOT, w2).saying("fault").at(minute(4.5)),
        lotEvent(LOT, MOVE, "INSPECT").at(minute(10)),
        waferMap(LOT, 1).yielding(90, 10).at(minute(11)),
        waferVerdict(LOT, 1).saying("Center").at(minute(11)),
        waferVerdict(LOT, 2).saying("Scratch").at(minute(12)),
        waferVerdict(LOT, 3).saying("Center").at(minute(13)),
        waferVerdict(LOT, 3).saying("none").at(minute(14)), // re-inspected: the latest counts
        lotEvent(LOT, END, "INSPECT").at(minute(20)));
    harness.processWatermark(minute(20));

    Map<String, LotFeatures> out = emittedByStep();
    LotFeatures lot = out.get(LOT_LEVEL);
    assertThat(lot.getPatternMix())
        .containsOnly(entry("Center", 1), entry("Scratch", 1), entry("none", 1));
    assertThat(lot.getAnomalousWindows()).as("step-aligned fault verdicts only").isEqualTo(2);
    assertThat(lot.getWafersSeen()).isEqualTo(3);
    assertThat(out.get("ETCH").getAnomalousWindows()).isEqualTo(2);
    assertThat(out.get("ETCH").getPatternMix()).isEmpty();
    assertThat(out.get("INSPECT").getAnomalousWindows()).isZero();
    assertThat(out.get("INSPECT").getPatternMix())
        .containsOnly(entry("Center", 1), entry("Scratch", 1), entry("none", 1));
  }

  @Test
  void reInspectedWaferCountsOnceWithItsLatestMap() throws Exception {
    open();
    send(
        lotEvent(LOT, MOVE, "INSPECT").at(minute(1)),
        waferMap(LOT, 1).yielding(50, 50).at(minute(2)),
        waferMap(LOT, 1).yielding(80, 20).at(minute(3)),
        lotEvent(LOT, END, "INSPECT").at(minute(4)));
    harness.processWatermark(minute(4));

    LotFeatures lot = emittedByStep().get(LOT_LEVEL);
    assertThat(lot.getWafersSeen()).isEqualTo(1);
    assertThat(lot.getMeanDieYield()).isCloseTo(0.8, within(1e-12));
    assertThat(lot.getFailDieDensity()).isCloseTo(0.2, within(1e-12));
  }

  @Test
  void stepsSpanFromTheirMoveToTheNextAndKnowTheTimeSinceThePreviousStep() throws Exception {
    open();
    send(
        lotEvent(LOT, START).at(minute(0)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        lotEvent(LOT, MOVE, "CLEAN").at(minute(4.5)),
        lotEvent(LOT, MOVE, "INSPECT").at(minute(10)),
        lotEvent(LOT, END, "INSPECT").at(minute(20)));
    harness.processWatermark(minute(20));

    Map<String, LotFeatures> out = emittedByStep();
    assertThat(out.keySet()).containsExactly(LOT_LEVEL, "ETCH", "CLEAN", "INSPECT");
    assertSpan(out.get(LOT_LEVEL), 0, 20, null);
    assertSpan(out.get("ETCH"), 1, 4.5, null);
    assertSpan(out.get("CLEAN"), 4.5, 10, Duration.ofSeconds(210));
    assertSpan(out.get("INSPECT"), 10, 20, Duration.ofSeconds(330));
    assertThat(out.values()).allSatisfy(f -> assertThat(f.getClosedBy()).isEqualTo("END"));
  }

  private static void assertSpan(
      LotFeatures f, double openedMinute, double closedMinute, Duration sincePrevious) {
    assertThat(f.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(minute(openedMinute)));
    assertThat(f.getClosedAt()).isEqualTo(Instant.ofEpochMilli(minute(closedMinute)));
    assertThat(f.getTimeSincePreviousStepMillis())
        .isEqualTo(sincePrevious == null ? null : sincePrevious.toMillis());
  }

  @Test
  void sensorSummariesEqualPooledStatisticsOfTheStepAlignedWindows() throws Exception {
    double[] pressureBeforeRoute = {10.0, 12.0};
    double[] rfBeforeRoute = {500, 510};
    double[] pressure1 = {1.5, 2.25, 3.0, 8.5};
    double[] rf1 = {400, 410, 405, 415};
    double[] pressure2 = {2.0, 2.5, 7.75, 1.25, 4.0, 6.5};
    double[] rf2 = {390, 395, 420, 401, 399, 398};
    double[] temp2 = {61.5, 62.0, 62.5, 61.0, 60.5, 63.0};
    double[] pressure3 = {5.0};
    open();
    send(
        lotEvent(LOT, START).at(minute(0)),
        stepWindow(LOT, waferId(LOT, 1))
            .sensor("pressure", pressureBeforeRoute)
            .sensor("rf_power", rfBeforeRoute)
            .at(minute(0.5)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        stepWindow(LOT, waferId(LOT, 1))
            .sensor("pressure", pressure1)
            .sensor("rf_power", rf1)
            .at(minute(2)),
        stepWindow(LOT, waferId(LOT, 2))
            .sensor("rf_power", rf2)
            .sensor("pressure", pressure2)
            .sensor("chamber_temp", temp2)
            .at(minute(3)),
        stepWindow(LOT, waferId(LOT, 3)).sensor("pressure", pressure3).at(minute(4)),
        lotEvent(LOT, MOVE, "INSPECT").at(minute(10)),
        lotEvent(LOT, END, "INSPECT").at(minute(20)));
    harness.processWatermark(minute(20));

    Map<String, LotFeatures> out = emittedByStep();
    assertSummaries(
        out.get("ETCH").getSensorSummaries(),
        pooled("chamber_temp", temp2),
        pooled("pressure", pressure1, pressure2, pressure3),
        pooled("rf_power", rf1, rf2));
    assertSummaries(
        out.get(LOT_LEVEL).getSensorSummaries(),
        pooled("chamber_temp", temp2),
        pooled("pressure", pressureBeforeRoute, pressure1, pressure2, pressure3),
        pooled("rf_power", rfBeforeRoute, rf1, rf2));
    assertThat(out.get("INSPECT").getSensorSummaries()).isEmpty();
    assertThat(out.get("ETCH").getWafersSeen()).isEqualTo(3);
    assertThat(out.get(LOT_LEVEL).getWafersSeen()).isEqualTo(3);
    assertThat(out.get(LOT_LEVEL).getMeanDieYield()).as("no maps, no yield").isNull();
  }

  @Test
  void inputsAreAppliedInEventTimeOrderWhateverOrderTheyArriveIn() throws Exception {
    open();
    // Arrival order is nearly reversed: the window and the map come before the MOVEs that put
    // the lot into their steps.
    send(
        lotEvent(LOT, END, "INSPECT").at(minute(20)),
        waferMap(LOT, 1).yielding(70, 30).at(minute(12)),
        stepWindow(LOT, waferId(LOT, 1)).sensor("pressure", 1.0, 3.0).at(minute(5)),
        lotEvent(LOT, MOVE, "INSPECT").at(minute(10)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        lotEvent(LOT, START).at(minute(0)));
    assertThat(harness.extractOutputValues()).as("nothing before the watermark").isEmpty();
    harness.processWatermark(minute(20));

    Map<String, LotFeatures> out = emittedByStep();
    assertThat(out.keySet()).containsExactly(LOT_LEVEL, "ETCH", "INSPECT");
    assertThat(out.get("ETCH").getSensorSummaries())
        .singleElement()
        .satisfies(s -> assertThat(s.getCount()).isEqualTo(2));
    assertThat(out.get("ETCH").getMeanDieYield()).isNull();
    assertThat(out.get("INSPECT").getSensorSummaries()).isEmpty();
    assertThat(out.get("INSPECT").getMeanDieYield()).isCloseTo(0.7, within(1e-12));
    assertThat(out.get(LOT_LEVEL).getOpenedAt()).isEqualTo(Instant.ofEpochMilli(minute(0)));
    assertThat(function.lateInputCount()).isZero();
  }

  @Test
  void inputBehindTheWatermarkIsAppliedAndCountedNotLost() throws Exception {
    open();
    send(
        lotEvent(LOT, START).at(minute(0)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        lotEvent(LOT, MOVE, "INSPECT").at(minute(10)));
    harness.processWatermark(minute(15));
    send(
        stepWindow(LOT, waferId(LOT, 2)).sensor("pressure", 2.0, 4.0, 6.0).at(minute(5)),
        waferMap(LOT, 2).yielding(75, 25).at(minute(12)),
        lotEvent(LOT, END, "INSPECT").at(minute(20)));
    assertThat(function.lateInputCount()).isEqualTo(2);
    harness.processWatermark(minute(20));

    Map<String, LotFeatures> out = emittedByStep();
    assertThat(out.get("ETCH").getSensorSummaries())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getCount()).isEqualTo(3);
              assertThat(s.getMean()).isCloseTo(4.0, within(1e-12));
            });
    assertThat(out.get("INSPECT").getMeanDieYield()).isCloseTo(0.75, within(1e-12));
    assertThat(out.get(LOT_LEVEL).getWafersSeen()).isEqualTo(1);
  }

  @Test
  void endEmitsTheLotAndEachStepOnceAndLeavesNoStateOrTimers() throws Exception {
    open();
    send(
        lotEvent(LOT, START).at(minute(0)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        stepWindow(LOT, waferId(LOT, 1)).sensor("pressure", 1.0, 2.0).at(minute(2)),
        stepWindow(LOT, waferId(LOT, 2)).sensor("pressure", 3.0, 4.0).at(minute(3)),
        lotEvent(LOT, MOVE, "INSPECT").at(minute(10)),
        waferMap(LOT, 1).at(minute(11)),
        waferMap(LOT, 2).at(minute(12)),
        lotEvent(LOT, END, "INSPECT").at(minute(20)));
    harness.processWatermark(minute(19));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isPositive();
    assertThat(harness.numEventTimeTimers()).isPositive();

    harness.processWatermark(minute(20));

    List<LotFeatures> out = harness.extractOutputValues();
    assertThat(out)
        .extracting(LotTrackingJob::featuresKey)
        .containsExactly(LOT, LOT + "/ETCH", LOT + "/INSPECT");
    assertThat(out).allSatisfy(f -> assertThat(f.getClosedBy()).isEqualTo("END"));
    assertThat(out)
        .extracting(LotFeatures::getClosedAt)
        .containsExactly(
            Instant.ofEpochMilli(minute(20)),
            Instant.ofEpochMilli(minute(10)),
            Instant.ofEpochMilli(minute(20)));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(function.lotsClosedCount()).isEqualTo(1);

    harness.processWatermark(minute(24 * 60 * 3));
    assertThat(harness.extractOutputValues()).as("no TTL record after END").hasSize(3);
  }

  @Test
  void lotWithoutEndExpiresTtlAfterItsLastInputAndLeavesNoStateOrTimers() throws Exception {
    open(LotTrackingConfig.defaults().withLotTtl(Duration.ofHours(1)));
    // A replayed dataset: maps and windows, no lot events at all.
    send(
        waferMap(LOT, 1).yielding(40, 10).at(minute(3)),
        stepWindow(LOT, waferId(LOT, 2)).sensor("pressure", 1.0, 2.0).at(minute(5)));
    harness.processWatermark(minute(5 + 59));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(minute(5 + 60));

    Map<String, LotFeatures> out = emittedByStep();
    assertThat(out.keySet()).containsExactly(LOT_LEVEL);
    LotFeatures lot = out.get(LOT_LEVEL);
    assertThat(lot.getClosedBy()).isEqualTo("TTL");
    assertThat(lot.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(minute(3)));
    assertThat(lot.getClosedAt()).isEqualTo(Instant.ofEpochMilli(minute(65)));
    assertThat(lot.getWafersSeen()).isEqualTo(2);
    assertThat(lot.getMeanDieYield()).isCloseTo(0.8, within(1e-12));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(function.lotsExpiredCount()).isEqualTo(1);
  }

  @Test
  void newActivityPushesTheTtlBack() throws Exception {
    open(LotTrackingConfig.defaults().withLotTtl(Duration.ofHours(1)));
    send(lotEvent(LOT, START).at(minute(0)), lotEvent(LOT, MOVE, "ETCH").at(minute(1)));
    harness.processWatermark(minute(30));
    send(stepWindow(LOT, waferId(LOT, 1)).sensor("pressure", 1.0).at(minute(50)));
    harness.processWatermark(minute(61));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numEventTimeTimers()).as("only the moved TTL timer").isEqualTo(1);

    harness.processWatermark(minute(110));

    Map<String, LotFeatures> out = emittedByStep();
    assertThat(out.keySet()).containsExactly(LOT_LEVEL, "ETCH");
    assertThat(out.get("ETCH").getClosedAt()).isEqualTo(Instant.ofEpochMilli(minute(110)));
    assertThat(out.get("ETCH").getClosedBy()).isEqualTo("TTL");
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void inputDueWhenTheOldTtlWasSetIsStillApplied() throws Exception {
    open(LotTrackingConfig.defaults().withLotTtl(Duration.ofHours(1)));
    send(lotEvent(LOT, START).at(minute(0)));
    harness.processWatermark(minute(0));
    // Waits on a timer at minute 60, the same time as the lot's TTL timer, which the next input
    // moves away.
    send(waferMap(LOT, 1).yielding(30, 70).at(minute(60)));
    send(stepWindow(LOT, waferId(LOT, 2)).sensor("pressure", 1.0).at(minute(30)));
    harness.processWatermark(minute(30));
    harness.processWatermark(minute(60));
    send(lotEvent(LOT, END).at(minute(70)));
    harness.processWatermark(minute(70));

    LotFeatures lot = emittedByStep().get(LOT_LEVEL);
    assertThat(lot.getClosedBy()).isEqualTo("END");
    assertThat(lot.getWafersSeen()).isEqualTo(2);
    assertThat(lot.getMeanDieYield()).isCloseTo(0.3, within(1e-12));
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void slidingWindowsAreCountedAndIgnored() throws Exception {
    open();
    send(slidingWindow("L-SLIDING-ONLY", "W9").sensor("pressure", 99.0).at(minute(1)));
    assertThat(harness.numKeyedStateEntries()).as("a sliding window opens no lot").isZero();

    send(
        lotEvent(LOT, START).at(minute(0)),
        lotEvent(LOT, MOVE, "ETCH").at(minute(1)),
        stepWindow(LOT, waferId(LOT, 1)).sensor("pressure", 1.0, 2.0).at(minute(2)),
        slidingWindow(LOT, waferId(LOT, 2)).sensor("pressure", 1000.0, 2000.0).at(minute(3)),
        lotEvent(LOT, END, "ETCH").at(minute(20)));
    harness.processWatermark(minute(20));

    Map<String, LotFeatures> out = emittedByStep();
    assertThat(out.get("ETCH").getSensorSummaries())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getCount()).isEqualTo(2);
              assertThat(s.getMax()).isEqualTo(2.0);
            });
    assertThat(out.get(LOT_LEVEL).getWafersSeen()).isEqualTo(1);
    assertThat(function.slidingWindowsIgnoredCount()).isEqualTo(2);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void endOfALotNothingIsKnownAboutEmitsNothing() throws Exception {
    open();
    send(lotEvent(LOT, END, "INSPECT").at(minute(20)));
    harness.processWatermark(minute(20));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void lotsAreTrackedIndependently() throws Exception {
    open();
    String other = "L2002";
    send(
        lotEvent(LOT, START).at(minute(0)),
        lotEvent(other, START).at(minute(1)),
        waferMap(other, 1).yielding(10, 90).at(minute(2)),
        waferMap(LOT, 1).yielding(90, 10).at(minute(3)),
        lotEvent(LOT, END).at(minute(4)));
    harness.processWatermark(minute(10));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getLot()).isEqualTo(LOT);
              assertThat(f.getMeanDieYield()).isCloseTo(0.9, within(1e-12));
            });
    assertThat(harness.numEventTimeTimers()).as("the other lot's TTL").isEqualTo(1);
  }
}
