package io.fabstream.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.inference.TestData;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.runtime.ModelRunners;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.inference.trace.SensorWindowTensor;
import io.fabstream.inference.trace.TraceLstmTraining;
import io.fabstream.inference.trace.TraceRuns;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.inference.train.TrainingRun;
import io.fabstream.inference.train.TrainingSettings;
import io.fabstream.inference.wafer.WaferCnnTraining;
import io.fabstream.inference.wafer.WaferMapTensor;
import io.fabstream.inference.wafer.Wm811kDataset;
import io.fabstream.schemas.DriftReferenceSample;
import io.fabstream.schemas.WaferMapProfile;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported ONNX graphs compute what the DJL blocks compute: a network trained for a few steps
 * on real data is published, then ONNX Runtime and DJL PyTorch score the same 1,000 real inputs and
 * every output agrees within 1e-4. This is what catches a wrong LSTM gate order or bias layout, a
 * transposed weight, or a missing batch-norm epsilon.
 */
class OnnxExportParityTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final double TOLERANCE = 1e-4;

  @TempDir Path registryDir;

  @Test
  void waferCnnGraphMatchesDjlOnAThousandRealMaps() {
    Path train = TestData.wm811k("wm811k_train01");
    Path val = TestData.wm811k("wm811k_val");
    TrainingSettings quick =
        new TrainingSettings(1, 32, 2e-3f, 1, 7, 0, 0, true, 0f, -1, Duration.ofMinutes(5));
    TrainingRun run =
        WaferCnnTraining.run(
            new WaferCnnTraining.Settings(
                List.of(train), val, 64, 0.2, 400, 1, true, quick, List.of()),
            new ModelRegistry(registryDir),
            QUIET);
    // the drift reference travels with the engine files, under the manifest's checksums
    assertThat(run.version().manifest().files()).containsKey(DriftReferenceSample.FILE);
    DriftReferenceSample reference =
        DriftReferenceSample.read(run.version().directory().resolve(DriftReferenceSample.FILE));
    assertThat(reference.inputs()).hasSize(400);
    assertThat(reference.inputs().get(0).keySet())
        .containsExactlyElementsOf(WaferMapProfile.FEATURES);
    assertThat(reference.outputs()).hasSize(400);
    assertThat(reference.outputs())
        .allSatisfy(o -> assertThat(o.get(DriftReferenceSample.CONFIDENCE)).isBetween(0.0, 1.0));
    assertThat(reference.categorical()).containsExactly(DriftReferenceSample.CLASS_MIX);
    assertThat(reference.calibration()).hasSize(400);

    LabelledTensors maps = Wm811kDataset.load(List.of(val), new WaferMapTensor(64), 1000);
    assertThat(maps.size()).isEqualTo(1000);

    double diff = maxDifference(run.version(), maps, 100);

    System.out.printf("max |onnxruntime - djl| = %.3g%n", diff);
    assertThat(diff).isLessThan(TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lstm", "gru", "lstm-bag", "lstm-fcn-bag"})
  void traceGraphMatchesDjlOnAThousandRealWindowsOfAnyLength(String variant) {
    // a bag of 3 members is one graph of three LSTMs whose outputs are averaged
    String cell = variant.replace("-bag", "");
    int members = variant.endsWith("-bag") ? 3 : 1;
    Path traces = TestData.waferTraces();
    TrainingSettings quick =
        new TrainingSettings(3, 16, 3e-3f, 3, 7, 0, 0, true, 1f, 0, Duration.ofMinutes(5));
    TrainingRun run =
        TraceLstmTraining.run(
            new TraceLstmTraining.Settings(
                traces,
                0,
                false,
                "trace-" + variant,
                60,
                16,
                cell,
                members,
                0.2,
                0.2,
                1,
                true,
                0,
                quick),
            new ModelRegistry(registryDir),
            QUIET);
    var manifest = run.version().manifest();
    // the held-back runs' scores and verdicts travel with it as outputs and calibration evidence
    DriftReferenceSample reference =
        DriftReferenceSample.read(run.version().directory().resolve(DriftReferenceSample.FILE));
    int heldBack = manifest.metrics().get("held_back_items").intValue();
    assertThat(reference.outputs()).hasSize(heldBack);
    assertThat(reference.outputs().get(0).keySet())
        .containsExactly("fault_probability", "anomaly_score");
    assertThat(reference.calibration()).hasSize(heldBack);
    TraceRuns runs = TraceRuns.read(traces);
    // 1,000 real windows: every run resampled to T=60, plus raw slices of 40 samples at offsets
    SensorWindowTensor resample =
        new SensorWindowTensor(
            manifest.preprocessing().length(), manifest.preprocessing().sensors());
    LabelledTensors whole = runs.tensors(resample);
    List<float[]> slices = new ArrayList<>();
    int s = runs.sensors().size();
    outer:
    for (int offset = 0; ; offset += 7) {
      for (TraceRuns.Run r : runs.runs()) {
        if (whole.size() + slices.size() >= 1000) {
          break outer;
        }
        int n = r.series()[0].length;
        int from = offset % (n - 40);
        float[] raw = new float[40 * s];
        for (int t = 0; t < 40; t++) {
          for (int c = 0; c < s; c++) {
            raw[t * s + c] = (float) r.series()[c][from + t];
          }
        }
        float[] window = new float[40 * s];
        resample.normaliseWindow(raw, 40, window);
        slices.add(window);
      }
    }
    LabelledTensors shortWindows =
        new LabelledTensors(
            new long[] {40, s},
            slices,
            new int[slices.size()],
            java.util.Collections.nCopies(slices.size(), "slice"),
            TraceRuns.CLASSES);
    assertThat(whole.size() + shortWindows.size()).isEqualTo(1000);

    double diff =
        Math.max(
            maxDifference(run.version(), whole, 32),
            maxDifference(run.version(), shortWindows, 32));

    System.out.printf("max |onnxruntime - djl| = %.3g%n", diff);
    assertThat(diff).isLessThan(TOLERANCE);
  }

  private static double maxDifference(ModelVersion version, LabelledTensors inputs, int batch) {
    try (ModelRunner ort = ModelRunners.open(version, RunnerSettings.cpu(Engine.ONNXRUNTIME));
        ModelRunner djl = ModelRunners.open(version, RunnerSettings.cpu(Engine.DJL_PYTORCH))) {
      float[][] a = DirectBatch.scoreAll(ort, inputs, batch);
      float[][] b = DirectBatch.scoreAll(djl, inputs, batch);
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).hasSize(b[i].length);
        for (int j = 0; j < a[i].length; j++) {
          assertThat(Float.isFinite(a[i][j])).isTrue();
          max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
        }
      }
      return max;
    }
  }
}
