package io.fabstream.features.mts;

import static io.fabstream.features.mts.TraceSamples.run;
import static io.fabstream.features.mts.TraceSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.OffsetRange;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MtsWindowFunctionTest {

  private static final long PERIOD = 100;

  private KeyedOneInputStreamOperatorTestHarness<String, TracePoint, MtsWindow> harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private void open(MtsWindowConfig config) throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MtsWindowFunction(config)),
            TracePoint::sequenceKey,
            Types.STRING);
    harness.open();
  }

  private void send(List<TracePoint> points) throws Exception {
    for (TracePoint p : points) {
      harness.processElement(p, p.eventTime);
    }
  }

  private static MtsWindowConfig sliding(int t, int stride) {
    return MtsWindowConfig.defaults()
        .withMode(MtsWindowConfig.Mode.SLIDING)
        .withWindow(t, stride)
        .withOrdering(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10));
  }

  private static TraceSamples.Builder pm1() {
    return sample("ETCH01", "PM1").sensors("pressure", "rf_power");
  }

  /** pressure = t/100, rf_power = 2 t/100: values tell which sample a row came from. */
  private static double linear(String sensor, long t) {
    return sensor.equals("pressure") ? t / 100.0 : 2 * t / 100.0;
  }

  @Test
  void slidingWindowsHaveLengthTAndAdvanceByStride() throws Exception {
    open(sliding(4, 2));
    send(run(pm1(), 0, PERIOD, 10, MtsWindowFunctionTest::linear));
    harness.processWatermark(new Watermark(900));

    List<MtsWindow> windows = harness.extractOutputValues();
    assertThat(windows).hasSize(4); // rows 4, 6, 8, 10
    MtsWindow first = windows.get(0);
    assertThat(first.getMode()).isEqualTo(WindowMode.SLIDING);
    assertThat(first.getLength()).isEqualTo(4);
    assertThat(first.getSensorNames()).containsExactly("pressure", "rf_power");
    assertThat(WindowValues.asList(first)).containsExactly(0f, 0f, 1f, 2f, 2f, 4f, 3f, 6f);
    assertThat(first.getWindowStart().toEpochMilli()).isZero();
    assertThat(first.getWindowEnd().toEpochMilli()).isEqualTo(300);
    assertThat(first.getWindowId()).isEqualTo("SLIDING/ETCH01/PM1/ME-ETCH/0-300");
    assertThat(first.getWafers()).containsExactly("W01");
    assertThat(first.getLot()).isEqualTo("LOT01");
    assertThat(first.getFilledGaps()).isZero();
    assertThat(first.getSourceOffsets())
        .containsExactly(new OffsetRange("fab.trace-samples", 0, 0L, 3L));
    assertThat(windows)
        .extracting(w -> w.getWindowStart().toEpochMilli())
        .containsExactly(0L, 200L, 400L, 600L);
  }

  @Test
  void samplesAreSequencedInEventTimeWhateverTheirArrivalOrder() throws Exception {
    MtsWindowConfig config =
        sliding(5, 1).withOrdering(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(10));
    List<TracePoint> ordered = run(pm1(), 0, PERIOD, 20, MtsWindowFunctionTest::linear);
    open(config);
    send(ordered);
    harness.processWatermark(new Watermark(5_000));
    List<MtsWindow> expected = harness.extractOutputValues();
    harness.close();

    List<TracePoint> shuffled = new ArrayList<>(ordered);
    Collections.shuffle(shuffled, new Random(7));
    open(config);
    send(shuffled);
    harness.processWatermark(new Watermark(5_000));

    assertThat(harness.extractOutputValues()).hasSize(16).isEqualTo(expected);
  }

  @Test
  void samplesBehindTheWatermarkGoToTheLateOutputAndChangeNoWindow() throws Exception {
    open(sliding(3, 1));
    send(run(pm1(), 0, PERIOD, 5, MtsWindowFunctionTest::linear));
    harness.processWatermark(new Watermark(400));
    int before = harness.extractOutputValues().size();

    TracePoint late = pm1().copy().at(250).sensor("pressure", 99).sensor("rf_power", 99).build();
    harness.processElement(late, late.eventTime);
    harness.processWatermark(new Watermark(1_000));

    assertThat(harness.extractOutputValues()).hasSize(before);
    assertThat(harness.getSideOutput(MtsWindowFunction.LATE))
        .extracting(r -> r.getValue().eventTime, r -> r.getValue().sensorValues[0])
        .containsExactly(tuple(250L, 99.0));
  }

  @Test
  void allowedLatenessStillSequencesASampleBehindTheWatermark() throws Exception {
    open(sliding(3, 1).withOrdering(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(1)));
    List<TracePoint> points = run(pm1(), 0, PERIOD, 5, MtsWindowFunctionTest::linear);
    TracePoint held = points.remove(2); // t = 200
    send(points);
    harness.processWatermark(new Watermark(400));
    harness.processElement(held, held.eventTime); // behind the watermark, within the lateness
    harness.processWatermark(new Watermark(2_000));

    assertThat(harness.getSideOutput(MtsWindowFunction.LATE)).isNullOrEmpty();
    assertThat(harness.extractOutputValues())
        .extracting(w -> WindowValues.asList(w).get(4)) // pressure of each window's last row
        .containsExactly(2f, 3f, 4f); // 2f, not a carried-forward 1f: the held sample is in
  }

  @Test
  void shortGapsAreFilledByCarryingTheLastRowForwardAndCounted() throws Exception {
    open(sliding(6, 6));
    List<TracePoint> points = run(pm1(), 0, PERIOD, 8, MtsWindowFunctionTest::linear);
    points.remove(3); // t = 300
    points.remove(3); // t = 400
    send(points);
    harness.processWatermark(new Watermark(2_000));

    List<MtsWindow> windows = harness.extractOutputValues();
    assertThat(windows).hasSize(1);
    MtsWindow w = windows.get(0);
    // rows at 0, 100, 200, (300 filled), (400 filled), 500
    assertThat(WindowValues.asList(w))
        .containsExactly(0f, 0f, 1f, 2f, 2f, 4f, 2f, 4f, 2f, 4f, 5f, 10f);
    assertThat(w.getFilledGaps()).isEqualTo(4);
    assertThat(w.getWindowEnd().toEpochMilli()).isEqualTo(500);
    assertThat(w.getSourceOffsets())
        .containsExactly(new OffsetRange("fab.trace-samples", 0, 0L, 5L));
  }

  @Test
  void aMissingSensorCarriesItsLastValueForward() throws Exception {
    open(sliding(3, 3));
    send(
        List.of(
            pm1().copy().at(0).sensor("pressure", 1).sensor("rf_power", 10).build(),
            pm1().copy().at(100).sensor("pressure", 2).build(),
            pm1().copy().at(200).sensor("rf_power", 30).sensor("pressure", 3).build()));
    harness.processWatermark(new Watermark(1_000));

    MtsWindow w = harness.extractOutputValues().get(0);
    assertThat(WindowValues.asList(w)).containsExactly(1f, 10f, 2f, 10f, 3f, 30f);
    assertThat(w.getFilledGaps()).isEqualTo(1);
  }

  @Test
  void aGapLongerThanMaxGapEndsTheSequence() throws Exception {
    open(sliding(4, 1).withGaps(Duration.ofSeconds(1), null));
    send(run(pm1(), 0, PERIOD, 3, MtsWindowFunctionTest::linear));
    send(run(pm1(), 5_000, PERIOD, 4, MtsWindowFunctionTest::linear));
    harness.processWatermark(new Watermark(10_000));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(w -> assertThat(w.getWindowStart().toEpochMilli()).isEqualTo(5_000));
  }

  @Test
  void aNewWaferStartsANewSequence() throws Exception {
    open(sliding(3, 1));
    send(run(pm1().wafer("W01"), 0, PERIOD, 4, MtsWindowFunctionTest::linear));
    send(run(pm1().wafer("W02"), 400, PERIOD, 4, MtsWindowFunctionTest::linear));
    harness.processWatermark(new Watermark(2_000));

    assertThat(harness.extractOutputValues())
        .extracting(MtsWindow::getWafers)
        .containsExactly(List.of("W01"), List.of("W01"), List.of("W02"), List.of("W02"));
  }

  @Test
  void eachWaferStepBecomesOneWindowResampledToT() throws Exception {
    open(
        MtsWindowConfig.defaults()
            .withMode(MtsWindowConfig.Mode.STEP_ALIGNED)
            .withWindow(5, 1)
            .withOrdering(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10)));
    send(run(pm1().wafer("W01").step("1"), 0, PERIOD, 9, MtsWindowFunctionTest::linear));
    send(run(pm1().wafer("W01").step("2"), 900, PERIOD, 3, MtsWindowFunctionTest::linear));
    send(run(pm1().wafer("W02").step("1"), 1_200, PERIOD, 2, MtsWindowFunctionTest::linear));
    harness.processWatermark(new Watermark(1_300));

    List<MtsWindow> windows = harness.extractOutputValues();
    assertThat(windows).hasSize(2); // W02 step 1 still open
    MtsWindow step1 = windows.get(0);
    assertThat(step1.getMode()).isEqualTo(WindowMode.STEP_ALIGNED);
    assertThat(step1.getRecipeStep()).isEqualTo("1");
    assertThat(step1.getWafers()).containsExactly("W01");
    assertThat(step1.getLength()).isEqualTo(5);
    assertThat(step1.getWindowId()).isEqualTo("STEP_ALIGNED/ETCH01/PM1/ME-ETCH/W01/1/0");
    // 9 samples over 0..800 ms resampled at 0, 200, 400, 600, 800
    assertThat(WindowValues.asList(step1))
        .containsExactly(0f, 0f, 2f, 4f, 4f, 8f, 6f, 12f, 8f, 16f);
    MtsWindow step2 = windows.get(1);
    // 3 samples over 900..1100 resampled at 900, 950, ..., 1100: interpolated linearly
    List<Float> pressure = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pressure.add(WindowValues.asList(step2).get(2 * i));
    }
    assertThat(pressure).containsExactly(9f, 9.5f, 10f, 10.5f, 11f);
    assertThat(step2.getFilledGaps()).isZero();
  }

  @Test
  void aQuietSequenceEmitsItsOpenStepAndLeavesNoStateOrTimers() throws Exception {
    open(
        MtsWindowConfig.defaults()
            .withWindow(4, 2)
            .withOrdering(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10))
            .withGaps(Duration.ofSeconds(2), null));
    send(run(pm1(), 0, PERIOD, 10, MtsWindowFunctionTest::linear));
    send(run(sample("ETCH01", "PM2").sensors("pressure"), 0, PERIOD, 5, (s, t) -> 1.0));
    harness.processWatermark(new Watermark(900));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processWatermark(new Watermark(4_000));

    List<MtsWindow> windows = harness.extractOutputValues();
    assertThat(windows).filteredOn(w -> w.getMode() == WindowMode.STEP_ALIGNED).hasSize(2);
    assertThat(windows).filteredOn(w -> w.getMode() == WindowMode.SLIDING).hasSize(5);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aReferenceFixesTheColumnsAndFillsNeverSeenSensorsWithTheirMean() throws Exception {
    SensorReference reference =
        new SensorReference(
            "test",
            List.of(
                new SensorReference.SensorStat("rf_power", 100, 50, 5),
                new SensorReference.SensorStat("pressure", 100, 3, 1),
                new SensorReference.SensorStat("he_flow", 100, 7.5, 0.5)));
    open(sliding(2, 2).withReference(reference));
    send(run(pm1(), 0, PERIOD, 2, MtsWindowFunctionTest::linear));
    harness.processWatermark(new Watermark(1_000));

    MtsWindow w = harness.extractOutputValues().get(0);
    assertThat(w.getSensorNames()).containsExactly("rf_power", "pressure", "he_flow");
    assertThat(WindowValues.asList(w)).containsExactly(0f, 0f, 7.5f, 2f, 1f, 7.5f);
    assertThat(w.getFilledGaps()).isEqualTo(2);
  }

  @Test
  void learnedSamplePeriodIsTheSmallestInterval() {
    assertThat(GapRule.missingSamples(300, 100)).isEqualTo(2);
    assertThat(GapRule.missingSamples(140, 100)).isZero();
    assertThat(GapRule.missingSamples(160, 100)).isEqualTo(1);
    assertThat(GapRule.missingSamples(1_000, 0)).isZero();
    assertThat(GapRule.isGap(151, 100)).isTrue();
    assertThat((double) GapRule.GAP_FACTOR).isCloseTo(1.5, within(1e-9));
  }
}
