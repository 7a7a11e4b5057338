package io.fabstream.inference.scoring.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabstream.inference.registry.ModelManifest.SensorStat;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.runtime.ModelRunners;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.inference.trace.SensorWindowTensor;
import io.fabstream.inference.wafer.WaferMapTensor;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The comparison point of {@code fabstream bench pipeline}: serving shaped like the Crayfish
 * benchmark's Flink + ONNX setup (Kafka in and out, a JSON text payload, one model call per record
 * in a Flink map, the model loaded once per task). Not used by the pipeline; it exists so the
 * pipeline's batching, binary encoding and buffer reuse are measured against a known baseline in
 * the same run on the same machine.
 */
public final class JsonPerRecordScoringJob {

  private final Source<String, ?, ?> input;
  private final Sink<String> output;
  private final String modelsDir;
  private final String model;
  private final RunnerSettings runner;

  public JsonPerRecordScoringJob(
      Source<String, ?, ?> input,
      Sink<String> output,
      String modelsDir,
      String model,
      RunnerSettings runner) {
    this.input = input;
    this.output = output;
    this.modelsDir = modelsDir;
    this.model = model;
    this.runner = runner;
  }

  /** Adds the job's operators to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    env.fromSource(input, WatermarkStrategy.noWatermarks(), "json-records")
        .map(new ScoreOne(modelsDir, model, runner))
        .returns(Types.STRING)
        .name("score-one-json-record")
        .sinkTo(output)
        .name("json-predictions");
  }

  /**
   * Parses one JSON record, scores it alone and writes a JSON verdict. Wafer maps are {@code {"id",
   * "rows", "cols", "dies": [..]}}; windows {@code {"id", "length", "sensors": [..], "values":
   * [..]}}. The verdict carries {@code scoredAt} (epoch ms) for the throughput count.
   */
  static final class ScoreOne extends RichMapFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private final String modelsDir;
    private final String model;
    private final RunnerSettings settings;
    private transient ObjectMapper json;
    private transient ModelRunner runner;
    private transient DirectBatch batch;
    private transient WaferMapTensor wafer;
    private transient SensorWindowTensor window;
    private transient List<String> labels;
    private transient int windowLength;

    ScoreOne(String modelsDir, String model, RunnerSettings settings) {
      this.modelsDir = modelsDir;
      this.model = model;
      this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
      json = new ObjectMapper();
      ModelVersion version = new ModelRegistry(Path.of(modelsDir)).loadPromoted(model);
      runner = ModelRunners.open(version, settings);
      labels = version.manifest().labels();
      var pre = version.manifest().preprocessing();
      if (pre.grid() != null) {
        wafer = new WaferMapTensor(pre.grid());
        batch = new DirectBatch(1, wafer.size(), runner.outputSize());
      } else {
        window = new SensorWindowTensor(pre.length(), pre.sensors());
      }
    }

    @Override
    public String map(String text) throws Exception {
      JsonNode record = json.readTree(text);
      ObjectNode out = json.createObjectNode();
      out.put("id", record.get("id").asText());
      float[] row;
      if (wafer != null) {
        int rows = record.get("rows").asInt();
        int cols = record.get("cols").asInt();
        JsonNode dies = record.get("dies");
        byte[] grid = new byte[dies.size()];
        for (int i = 0; i < grid.length; i++) {
          grid[i] = (byte) dies.get(i).asInt();
        }
        batch.put(0, wafer.toArray(rows, cols, grid));
        runner.run(batch.input(), 1, new long[] {3, wafer.grid(), wafer.grid()}, batch.output());
        row = batch.row(0);
      } else {
        int length = record.get("length").asInt();
        JsonNode values = record.get("values");
        List<SensorStat> sensors = window.sensors();
        float[] raw = new float[values.size()];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = (float) values.get(i).asDouble();
        }
        float[] x = new float[raw.length];
        window.normaliseWindow(raw, length, x);
        if (batch == null || windowLength != length) {
          // one reusable buffer per window length, as for maps: the baseline pays for its
          // per-record
          // model call and JSON, not for allocating native memory
          batch = new DirectBatch(1, x.length, runner.outputSize());
          windowLength = length;
        }
        batch.put(0, x);
        runner.run(batch.input(), 1, new long[] {length, sensors.size()}, batch.output());
        row = batch.row(0);
      }
      int best = 0;
      for (int c = 1; c < labels.size(); c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      out.put("class", labels.get(best));
      out.put("p", row[best]);
      out.put("scoredAt", System.currentTimeMillis());
      return json.writeValueAsString(out);
    }

    @Override
    public void close() {
      if (runner != null) {
        runner.close();
      }
    }
  }
}
