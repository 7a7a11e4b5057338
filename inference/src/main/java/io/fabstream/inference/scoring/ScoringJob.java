package io.fabstream.inference.scoring;

import io.fabstream.features.kafka.EncodedRecord;
import io.fabstream.features.kafka.FabKafka;
import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.kafka.RecordEncoder;
import io.fabstream.features.kafka.RegistryRecordWriter;
import io.fabstream.features.runtime.JobArgs;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The Flink job that scores one kind of record with one registered model: wafer maps with the wafer
 * CNN, or MTS windows with the trace model. It is its own job, not chained into the feature job, so
 * that it scales on its own (one model per task slot, GPU task managers where there are GPUs), a
 * model change or a model failure never restarts the windowing state, and the feature job's
 * transactional output is its only contract with the rest of the pipeline.
 *
 * <p>Predictions, shadow predictions, alerts and dead letters are all written exactly-once, through
 * one transactional sink, so a checkpoint's outputs commit together (and one transactional producer
 * is opened per checkpoint, not one per output: each costs the scorer a pause). Sources, the
 * outputs' encoders and the sink come in through the constructor so tests can swap them; {@link
 * #waferMaps} and {@link #mtsWindows} build the Kafka ones.
 *
 * @param <I> decoded input
 * @param <O> prediction record
 */
public final class ScoringJob<I, O extends SpecificRecord> {

  /** Job name (consumer group and transactional-id prefix) of the wafer-map scorer. */
  public static final String WAFER_NAME = "fabstream-wafer-scoring";

  /** Job name (consumer group and transactional-id prefix) of the window scorer. */
  public static final String WINDOW_NAME = "fabstream-window-scoring";

  private final ScoringKind<I, O> kind;
  private final ScoringSettings settings;
  private final String registryUrl;
  private final TypeInformation<O> predictionType;
  private final Source<SourceRecord, ?, ?> records;
  private final Source<SourceRecord, ?, ?> control;
  private final RegistryRecordWriter<O> predictions;
  private final RegistryRecordWriter<O> shadowPredictions;
  private final RegistryRecordWriter<Alert> alerts;
  private final RegistryRecordWriter<DeadLetter> deadLetters;
  private final Sink<EncodedRecord> outputs;

  /**
   * @param predictions how (and to which topic) predictions are encoded; likewise the shadow
   *     predictions, alerts and dead letters
   * @param outputs the one sink every encoded output goes through
   */
  public ScoringJob(
      ScoringKind<I, O> kind,
      ScoringSettings settings,
      String registryUrl,
      TypeInformation<O> predictionType,
      Source<SourceRecord, ?, ?> records,
      Source<SourceRecord, ?, ?> control,
      RegistryRecordWriter<O> predictions,
      RegistryRecordWriter<O> shadowPredictions,
      RegistryRecordWriter<Alert> alerts,
      RegistryRecordWriter<DeadLetter> deadLetters,
      Sink<EncodedRecord> outputs) {
    this.kind = kind;
    this.settings = settings;
    this.registryUrl = registryUrl;
    this.predictionType = predictionType;
    this.records = records;
    this.control = control;
    this.predictions = predictions;
    this.shadowPredictions = shadowPredictions;
    this.alerts = alerts;
    this.deadLetters = deadLetters;
    this.outputs = outputs;
  }

  /** Wafer maps scored by the wafer CNN, on Kafka. */
  public static ScoringJob<WaferMap, WaferPrediction> waferMaps(
      FlinkKafkaSettings kafka, ScoringSettings settings, ScoringTopics topics) {
    return waferMaps(kafka, settings, topics, new SourceRecordReader());
  }

  /** The same, reading records with {@code reader} (tests wrap it to inject failures). */
  public static ScoringJob<WaferMap, WaferPrediction> waferMaps(
      FlinkKafkaSettings kafka,
      ScoringSettings settings,
      ScoringTopics topics,
      KafkaRecordDeserializationSchema<SourceRecord> reader) {
    return kafka(
        kafka,
        settings,
        topics,
        reader,
        new WaferMapScoring(),
        TopicCatalog.WAFER_PREDICTIONS,
        WaferPrediction::getWaferId,
        TypeInformation.of(WaferPrediction.class));
  }

  /** MTS windows scored by the trace model, on Kafka. */
  public static ScoringJob<MtsWindow, TracePrediction> mtsWindows(
      FlinkKafkaSettings kafka, ScoringSettings settings, ScoringTopics topics) {
    return mtsWindows(kafka, settings, topics, new SourceRecordReader());
  }

  /** The same, reading records with {@code reader} (tests wrap it to inject failures). */
  public static ScoringJob<MtsWindow, TracePrediction> mtsWindows(
      FlinkKafkaSettings kafka,
      ScoringSettings settings,
      ScoringTopics topics,
      KafkaRecordDeserializationSchema<SourceRecord> reader) {
    return kafka(
        kafka,
        settings,
        topics,
        reader,
        new MtsWindowScoring(),
        TopicCatalog.TRACE_PREDICTIONS,
        TracePrediction::getWindowId,
        TypeInformation.of(TracePrediction.class));
  }

  private static <I, O extends SpecificRecord> ScoringJob<I, O> kafka(
      FlinkKafkaSettings kafka,
      ScoringSettings settings,
      ScoringTopics topics,
      KafkaRecordDeserializationSchema<SourceRecord> reader,
      ScoringKind<I, O> kind,
      Topic<String, O> predictionTopic,
      RegistryRecordWriter.Field<O, String> key,
      TypeInformation<O> type) {
    return new ScoringJob<>(
        kind,
        settings,
        kafka.registryUrl(),
        type,
        FabKafka.source(kafka, topics.input(), "records", reader),
        controlSource(kafka, topics.control()),
        RegistryRecordWriter.stringKeyed(predictionTopic, kafka.registryUrl(), key)
            .to(topics.predictions()),
        RegistryRecordWriter.stringKeyed(predictionTopic, kafka.registryUrl(), key)
            .to(topics.shadow()),
        RegistryRecordWriter.stringKeyed(
                TopicCatalog.ALERTS, kafka.registryUrl(), Alert::getAlertId)
            .to(topics.alerts()),
        RegistryRecordWriter.bytesKeyed(
                TopicCatalog.DEAD_LETTER,
                kafka.registryUrl(),
                d ->
                    (d.getSourceTopic() + "/" + d.getSourcePartition())
                        .getBytes(StandardCharsets.UTF_8))
            .to(topics.deadLetter()),
        FabKafka.exactlyOnceSink(kafka, "outputs", EncodedRecord.writer()));
  }

  /**
   * The control topic from now on: changes made before the job starts are already in the registry's
   * index, which the scorers read when they open; after a restore the checkpointed offsets apply
   * instead.
   */
  static KafkaSource<SourceRecord> controlSource(FlinkKafkaSettings kafka, String topic) {
    var builder =
        KafkaSource.<SourceRecord>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setTopics(topic)
            .setGroupId(kafka.jobName() + "-control")
            .setClientIdPrefix(kafka.jobName() + "-control")
            .setStartingOffsets(OffsetsInitializer.timestamp(System.currentTimeMillis()))
            .setDeserializer(new SourceRecordReader())
            .setProperty("isolation.level", "read_committed");
    if (kafka.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /**
   * Adds the job's operators to {@code env}, and lets chained operators pass records by reference
   * (object reuse): without it Flink deep-copies every prediction between the scorer and its
   * chained encoder, which took a fifth of the scorer thread's own time on windows. That is safe
   * here because no operator of this job keeps or changes a record after emitting it, and records
   * that cross a network channel are always deserialised afresh. The setting is the environment's,
   * so {@code env} must hold this job alone (as {@link #main}, the local jobs and the bench do).
   */
  public void build(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse();
    // Network buffers leave a task when full or after this long (Flink's default is 100 ms): far
    // above the micro-batch wait, so it would dominate event-to-prediction latency at low rates.
    long bufferTimeoutMs = Math.max(1, Math.min(5, settings.maxWait().toMillis()));
    DataStream<SourceRecord> input =
        env.fromSource(records, WatermarkStrategy.noWatermarks(), kind.name() + "-records")
            .uid(kind.name() + "-records-source")
            .setBufferTimeout(bufferTimeoutMs);
    DataStream<SourceRecord> changes =
        env.fromSource(control, WatermarkStrategy.noWatermarks(), "model-control")
            .uid("model-control-source")
            .setParallelism(1)
            .broadcast(); // every scoring subtask sees every change
    OutputTag<O> shadow = new OutputTag<>(kind.name() + "-shadow", predictionType);
    SingleOutputStreamOperator<O> scored =
        input
            .connect(changes)
            .transform(
                "score-" + kind.name(),
                predictionType,
                new MicroBatchScoringOperator<>(
                    kind, settings, registryUrl, "scoring-" + kind.name(), shadow))
            .uid("score-" + kind.name());
    // Every output goes through one transactional sink: one transaction per checkpoint, not four.
    // Flink does not chain a union, so the sink is its own task: Kafka sends and transaction work
    // run beside the model instead of after it, and the encoders flush as often as the source.
    DataStream<EncodedRecord> encoded = encode(scored, predictions, "predictions", bufferTimeoutMs);
    DataStream<EncodedRecord> shadowEncoded =
        encode(scored.getSideOutput(shadow), shadowPredictions, "shadow", bufferTimeoutMs);
    DataStream<EncodedRecord> alertsEncoded =
        encode(
            scored.getSideOutput(MicroBatchScoringOperator.ALERTS),
            alerts,
            "alerts",
            bufferTimeoutMs);
    DataStream<EncodedRecord> deadLettersEncoded =
        encode(
            scored.getSideOutput(MicroBatchScoringOperator.DEAD_LETTERS),
            deadLetters,
            "dead-letters",
            bufferTimeoutMs);
    encoded
        .union(shadowEncoded, alertsEncoded, deadLettersEncoded)
        .sinkTo(outputs)
        .uid("outputs-sink")
        .name("outputs-sink");
  }

  private static <V extends SpecificRecord> DataStream<EncodedRecord> encode(
      DataStream<V> output, RegistryRecordWriter<V> writer, String name, long bufferTimeoutMs) {
    return output
        .map(new RecordEncoder<>(writer))
        .uid("encode-" + name)
        .name("encode-" + name)
        .setBufferTimeout(bufferTimeoutMs);
  }

  /**
   * Entry point of the job jar: {@code flink run -c io.fabstream.inference.scoring.ScoringJob
   * fabstream-inference-job.jar --kind wafer|window --bootstrap HOST:PORT --registry URL --models
   * DIR [--model NAME] [--engine onnxruntime|djl-pytorch] [--device cpu|cuda:N] [--threads 1]
   * [--max-batch 8 (wafer) or 16 (window)] [--max-wait PT0.01S] [--checkpoint-interval PT5S]
   * [--checkpoint-dir DIR]}.
   */
  public static void main(String[] args) throws Exception {
    JobArgs a = JobArgs.parse(args);
    String kindName = a.required("kind");
    boolean wafers =
        switch (kindName) {
          case "wafer" -> true;
          case "window" -> false;
          default ->
              throw new IllegalArgumentException(
                  "--kind must be wafer or window, got '" + kindName + "'");
        };
    String name = wafers ? WAFER_NAME : WINDOW_NAME;
    FlinkKafkaSettings kafka =
        FlinkKafkaSettings.of(a.required("bootstrap"), a.required("registry"), name);
    ScoringSettings settings =
        new ScoringSettings(
            a.required("models"),
            a.get("model", wafers ? "wafer-cnn" : "trace-lstm"),
            new RunnerSettings(
                Engine.parse(a.get("engine", "onnxruntime")),
                a.get("device", "cpu"),
                a.integer("threads", 1)),
            a.integer(
                "max-batch",
                wafers ? ScoringSettings.WAFER_MAX_BATCH : ScoringSettings.WINDOW_MAX_BATCH),
            a.duration("max-wait", ScoringSettings.DEFAULT_MAX_WAIT));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.configuration(
                a.duration("checkpoint-interval", JobEnvironment.DEFAULT_CHECKPOINT_INTERVAL),
                a.get("checkpoint-dir", null) == null
                    ? null
                    : Path.of(a.get("checkpoint-dir", null))));
    if (wafers) {
      waferMaps(kafka, settings, ScoringTopics.waferMaps()).build(env);
    } else {
      mtsWindows(kafka, settings, ScoringTopics.mtsWindows()).build(env);
    }
    env.execute(name);
  }
}
