package io.fabstream.inference.scoring;

import static io.fabstream.inference.scoring.ScoringFixtures.TRACE_SENSORS;
import static io.fabstream.inference.scoring.ScoringFixtures.bayWindow;
import static io.fabstream.inference.scoring.ScoringFixtures.control;
import static io.fabstream.inference.scoring.ScoringFixtures.lot;
import static io.fabstream.inference.scoring.ScoringFixtures.record;
import static io.fabstream.inference.scoring.ScoringFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.inference.trace.TraceLstmTraining;
import io.fabstream.ingest.simulator.ChamberHistory;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.ModelAction;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import io.fabstream.schemas.WindowMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring operator in Flink's operator harness with the shipped models and the embedded schema
 * registry: batching bounds, flushing before a checkpoint, switching versions between records,
 * shadow scoring, refusing a tampered version, and dead letters.
 */
class MicroBatchScoringOperatorTest {

  private static final String WAFERS = "fab.wafer-maps";
  private static final String WINDOWS = "fab.mts-windows";
  private static final String CONTROL = "fab.model-control";
  private static final OutputTag<WaferPrediction> WAFER_SHADOW =
      new OutputTag<>("wafer-shadow", TypeInformation.of(WaferPrediction.class));
  private static final OutputTag<TracePrediction> WINDOW_SHADOW =
      new OutputTag<>("window-shadow", TypeInformation.of(TracePrediction.class));

  @TempDir Path temp;

  @Test
  void fullBatchesAreScoredAtOnceAndTheRestWhenTheirWaitEnds() throws Exception {
    try (var h = waferHarness(settings("wafer-cnn", 4, Duration.ofMillis(50)))) {
      h.open();
      h.setProcessingTime(1_000);
      List<WaferMap> maps = lot("L1", 10, DefectPattern.NONE, DefectPattern.NEAR_FULL);
      for (int i = 0; i < maps.size(); i++) {
        h.processElement1(new StreamRecord<>(record(WAFERS, 1, 100 + i, maps.get(i))));
      }
      assertThat(h.extractOutputValues()).as("two full batches of 4").hasSize(8);
      h.setProcessingTime(1_049);
      assertThat(h.extractOutputValues()).hasSize(8);
      h.setProcessingTime(1_050);
      List<WaferPrediction> out = h.extractOutputValues();
      assertThat(out).hasSize(10);
      assertThat(out)
          .extracting(WaferPrediction::getWaferId)
          .containsExactlyElementsOf(maps.stream().map(WaferMap::getWaferId).toList());
      for (int i = 0; i < out.size(); i++) {
        WaferPrediction p = out.get(i);
        assertThat(p.getModel()).isEqualTo("wafer-cnn");
        assertThat(p.getModelVersion()).isEqualTo(ScoringFixtures.SHIPPED);
        assertThat(p.getEngine()).isEqualTo("onnxruntime");
        assertThat(p.getDevice()).isEqualTo("cpu");
        assertThat(p.getClasses()).containsExactlyElementsOf(DefectPattern.labels());
        assertThat(p.getProbabilities().stream().mapToDouble(Float::doubleValue).sum())
            .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(p.getLineage().getTopic()).isEqualTo(WAFERS);
        assertThat(p.getLineage().getPartition()).isEqualTo(1);
        assertThat(p.getLineage().getOffset()).isEqualTo(100 + i);
        assertThat(p.getLineage().getSchemaId()).isNotNull().isPositive();
        assertThat(p.getShadow()).isFalse();
      }
      assertThat(out)
          .filteredOn(p -> p.getWaferId().toString().endsWith("-2"))
          .singleElement()
          .satisfies(p -> assertThat(p.getPredictedClass()).isEqualTo("Near-full"));
    }
  }

  @Test
  void pendingRecordsAreScoredBeforeTheCheckpointBarrier() throws Exception {
    try (var h = waferHarness(settings("wafer-cnn", 32, Duration.ofSeconds(10)))) {
      h.open();
      for (WaferMap map : lot("L2", 3, DefectPattern.CENTER)) {
        h.processElement1(new StreamRecord<>(record(WAFERS, 0, map.getSlot(), map)));
      }
      assertThat(h.extractOutputValues()).isEmpty();
      h.prepareSnapshotPreBarrier(1);
      assertThat(h.extractOutputValues()).hasSize(3);
    }
  }

  @Test
  void aPromotionSwitchesVersionsBetweenRecordsAndARestoreKeepsIt() throws Exception {
    ScoringSettings s = settings("wafer-cnn", 8, Duration.ofSeconds(10));
    List<WaferMap> maps = lot("L3", 6, DefectPattern.DONUT, DefectPattern.EDGE_RING);
    OperatorSubtaskState snapshot;
    try (var h = waferHarness(s)) {
      h.open();
      for (int i = 0; i < 3; i++) {
        h.processElement1(new StreamRecord<>(record(WAFERS, 0, i, maps.get(i))));
      }
      h.processElement2(
          new StreamRecord<>(record(CONTROL, 0, control("wafer-cnn", ModelAction.PROMOTE, 1))));
      for (int i = 3; i < 6; i++) {
        h.processElement1(new StreamRecord<>(record(WAFERS, 0, i, maps.get(i))));
      }
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
      List<WaferPrediction> out = h.extractOutputValues();
      assertThat(out).extracting(p -> p.getWaferId().toString()).doesNotHaveDuplicates();
      assertThat(out)
          .extracting(p -> p.getModelVersion().toString())
          .containsExactly(
              ScoringFixtures.SHIPPED,
              ScoringFixtures.SHIPPED,
              ScoringFixtures.SHIPPED,
              "1",
              "1",
              "1");
    }
    try (var restored = waferHarness(s)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement1(new StreamRecord<>(record(WAFERS, 0, 6, maps.get(0))));
      restored.prepareSnapshotPreBarrier(2);
      assertThat(restored.extractOutputValues())
          .singleElement()
          .satisfies(p -> assertThat(p.getModelVersion()).hasToString("1"));
    }
  }

  @Test
  void aChallengerScoresTheSameRecordsIntoTheShadowOutput() throws Exception {
    try (var h = waferHarness(settings("wafer-cnn", 8, Duration.ofSeconds(10)))) {
      h.open();
      h.processElement2(
          new StreamRecord<>(record(CONTROL, 0, control("wafer-cnn", ModelAction.SHADOW, 1))));
      List<WaferMap> maps = lot("L4", 5, DefectPattern.SCRATCH, DefectPattern.RANDOM);
      for (int i = 0; i < maps.size(); i++) {
        h.processElement1(new StreamRecord<>(record(WAFERS, 0, i, maps.get(i))));
      }
      h.prepareSnapshotPreBarrier(1);
      List<WaferPrediction> shadow =
          h.getSideOutput(WAFER_SHADOW).stream().map(StreamRecord::getValue).toList();
      assertThat(h.extractOutputValues())
          .hasSize(5)
          .allSatisfy(p -> assertThat(p.getModelVersion()).hasToString(ScoringFixtures.SHIPPED));
      assertThat(shadow)
          .hasSize(5)
          .allSatisfy(
              p -> {
                assertThat(p.getModelVersion()).hasToString("1");
                assertThat(p.getShadow()).isTrue();
              });
      h.processElement2(
          new StreamRecord<>(record(CONTROL, 1, control("wafer-cnn", ModelAction.SHADOW_OFF, 0))));
      h.processElement1(new StreamRecord<>(record(WAFERS, 0, 9, maps.get(0))));
      h.prepareSnapshotPreBarrier(2);
      assertThat(h.getSideOutput(WAFER_SHADOW)).hasSize(5);
      assertThat(h.extractOutputValues()).hasSize(6);
    }
  }

  @Test
  void aTamperedVersionIsRefusedWithAnAlertWhileScoringGoesOn() throws Exception {
    ScoringSettings s = settings("wafer-cnn", 8, Duration.ofSeconds(10));
    ScoringFixtures.tamper(Path.of(s.modelsDir()), "wafer-cnn", 1);
    try (var h = waferHarness(s)) {
      h.open();
      List<WaferMap> maps = lot("L5", 4, DefectPattern.LOC);
      h.processElement1(new StreamRecord<>(record(WAFERS, 0, 0, maps.get(0))));
      h.processElement2(
          new StreamRecord<>(record(CONTROL, 0, control("wafer-cnn", ModelAction.PROMOTE, 1))));
      for (int i = 1; i < 4; i++) {
        h.processElement1(new StreamRecord<>(record(WAFERS, 0, i, maps.get(i))));
      }
      h.prepareSnapshotPreBarrier(1);
      assertThat(h.extractOutputValues())
          .hasSize(4)
          .allSatisfy(p -> assertThat(p.getModelVersion()).hasToString(ScoringFixtures.SHIPPED));
      List<Alert> alerts =
          h.getSideOutput(MicroBatchScoringOperator.ALERTS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getCause()).hasToString("model_checksum");
                assertThat(a.getModelVersion()).hasToString("1");
                assertThat(a.getMessage().toString())
                    .contains("model.onnx", "keeps scoring with v" + ScoringFixtures.SHIPPED);
              });
    }
  }

  @Test
  void recordsThatDoNotDecodeOrAreMalformedBecomeDeadLetters() throws Exception {
    try (var h = windowHarness(settings("trace-lstm", 4, Duration.ofMillis(20)))) {
      h.open();
      h.setProcessingTime(0);
      h.processElement1(
          new StreamRecord<>(
              record(
                  WINDOWS,
                  0,
                  0,
                  "ETCH01/PM1",
                  "not avro".getBytes(StandardCharsets.UTF_8),
                  ScoringFixtures.START)));
      h.processElement1(
          new StreamRecord<>(
              record(WINDOWS, 0, 1, window("ETCH01/PM1", 1, 60, List.of("s1", "s2", "s9")))));
      List<MtsWindow> good =
          IntStream.range(2, 5).mapToObj(i -> window("ETCH01/PM2", i, 60, TRACE_SENSORS)).toList();
      for (MtsWindow w : good) {
        h.processElement1(new StreamRecord<>(record(WINDOWS, 0, 2 + good.indexOf(w), w)));
      }
      h.processElement1(
          new StreamRecord<>(record(WINDOWS, 0, 9, window("ETCH01/PM2", 9, 30, TRACE_SENSORS))));
      MtsWindow truncated = window("ETCH01/PM2", 10, 60, TRACE_SENSORS);
      truncated.setValues(truncated.getValues().subList(0, 100));
      h.processElement1(new StreamRecord<>(record(WINDOWS, 0, 10, truncated)));
      MtsWindow oddBytes = window("ETCH01/PM2", 11, 60, TRACE_SENSORS);
      oddBytes.setValues(List.of());
      oddBytes.setPackedValues(java.nio.ByteBuffer.wrap(new byte[7]));
      h.processElement1(new StreamRecord<>(record(WINDOWS, 0, 11, oddBytes)));
      h.setProcessingTime(20);
      List<DeadLetter> dead =
          h.getSideOutput(MicroBatchScoringOperator.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(dead)
          .extracting(d -> d.getReasonCode().toString())
          .as("a window of other sensors is out of scope, not a dead letter")
          .containsExactly("UNDECODABLE", "BAD_SHAPE", "BAD_SHAPE");
      assertThat(dead).allSatisfy(d -> assertThat(d.getSourceTopic()).hasToString(WINDOWS));
      List<TracePrediction> out = h.extractOutputValues();
      assertThat(out)
          .as("windows of two lengths, scored in one batch")
          .extracting(p -> p.getWindowId().toString())
          .containsExactlyInAnyOrder(
              "ETCH01/PM2#2", "ETCH01/PM2#3", "ETCH01/PM2#4", "ETCH01/PM2#9");
      assertThat(out)
          .allSatisfy(
              p -> {
                assertThat(p.getFaultProbability()).isBetween(0.0, 1.0);
                assertThat(p.getAnomalyScore()).isNotNull().isPositive();
                assertThat(p.getPredictedClass().toString()).isIn("normal", "fault");
                assertThat(p.getModel()).hasToString("trace-lstm");
              });
    }
  }

  @Test
  void theBayModelScoresStepWindowsOfItsRecipeAndLeavesOtherWindowsUnscored() throws Exception {
    List<ChamberHistory.StepSegment> history =
        ChamberHistory.stepSegments(TraceLstmTraining.simulatedBay().withSeed(99), 2);
    List<ChamberHistory.StepSegment> normal =
        history.stream().filter(seg -> !seg.faulty()).limit(8).toList();
    try (var h = windowHarness(settings("trace-lstm-etch-sim", 16, Duration.ofMillis(20)))) {
      h.open();
      h.setProcessingTime(0);
      long offset = 0;
      for (ChamberHistory.StepSegment seg : normal) {
        h.processElement1(
            new StreamRecord<>(
                record(WINDOWS, 0, offset++, bayWindow(seg, 60, WindowMode.STEP_ALIGNED))));
      }
      h.processElement1(
          new StreamRecord<>(
              record(WINDOWS, 0, offset++, bayWindow(normal.get(0), 60, WindowMode.SLIDING))));
      MtsWindow otherStep = bayWindow(normal.get(1), 60, WindowMode.STEP_ALIGNED);
      otherStep.setRecipeStep("post_clean");
      otherStep.setWindowId("other-step");
      h.processElement1(new StreamRecord<>(record(WINDOWS, 0, offset++, otherStep)));
      h.setProcessingTime(20);

      List<TracePrediction> out = h.extractOutputValues();
      assertThat(out)
          .as("every step-aligned window of the bay's recipe, nothing else")
          .extracting(p -> p.getWindowId().toString())
          .containsExactlyInAnyOrderElementsOf(
              normal.stream()
                  .map(seg -> seg.waferId() + "/" + seg.step() + "/STEP_ALIGNED")
                  .toList());
      assertThat(out)
          .allSatisfy(
              p -> {
                assertThat(p.getModel()).hasToString("trace-lstm-etch-sim");
                assertThat(p.getRecipeStep()).isNotNull();
              });
      assertThat(out.stream().filter(p -> p.getPredictedClass().toString().equals("normal")))
          .as("normal runs of the bay read as normal")
          .hasSizeGreaterThanOrEqualTo(7);
      assertThat(h.getSideOutput(MicroBatchScoringOperator.DEAD_LETTERS))
          .as("windows outside the model's training are valid records, not dead letters")
          .isNullOrEmpty();
    }
  }

  private ScoringSettings settings(String model, int maxBatch, Duration maxWait) {
    Path models = ScoringFixtures.shippedModelsCopy(temp.resolve("models"));
    return new ScoringSettings(
        models.toString(), model, RunnerSettings.cpu(Engine.ONNXRUNTIME), maxBatch, maxWait);
  }

  private static TwoInputStreamOperatorTestHarness<SourceRecord, SourceRecord, WaferPrediction>
      waferHarness(ScoringSettings s) throws Exception {
    return new TwoInputStreamOperatorTestHarness<>(
        new MicroBatchScoringOperator<>(
            new WaferMapScoring(),
            s,
            ScoringFixtures.registryUrl(),
            "scoring-wafer",
            WAFER_SHADOW));
  }

  private static TwoInputStreamOperatorTestHarness<SourceRecord, SourceRecord, TracePrediction>
      windowHarness(ScoringSettings s) throws Exception {
    return new TwoInputStreamOperatorTestHarness<>(
        new MicroBatchScoringOperator<>(
            new MtsWindowScoring(),
            s,
            ScoringFixtures.registryUrl(),
            "scoring-window",
            WINDOW_SHADOW));
  }
}
