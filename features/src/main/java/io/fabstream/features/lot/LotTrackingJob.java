package io.fabstream.features.lot;

import io.fabstream.features.kafka.FabKafka;
import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.kafka.RegistryRecordReader;
import io.fabstream.features.kafka.RegistryRecordWriter;
import io.fabstream.features.kafka.RejectedRecord;
import io.fabstream.features.runtime.JobArgs;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.runtime.RejectedSplitter;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lot-tracking Flink job: wafer maps, lot events, sensor windows and the scorers' verdicts in
 * (patterns for each lot's pattern mix, window verdicts for anomaly counts), one {@link
 * LotFeatures} per lot and per lot x step out when the lot closes, records it cannot use to the
 * dead-letter topic. Sources and sinks are constructor arguments (as in the Flink training's jobs)
 * so tests run the very same graph on bounded in-memory sources or on per-test Kafka topics; {@link
 * #kafka(FlinkKafkaSettings, LotTrackingConfig, LotTopics)} builds the production ones.
 */
public final class LotTrackingJob {

  /** Job name: also the consumer-group and transactional-id prefix. */
  public static final String NAME = "fabstream-lot-tracking";

  /** Application named in the dead letters this job writes. */
  public static final String APPLICATION = "lot-tracking";

  private static final Logger LOG = LoggerFactory.getLogger(LotTrackingJob.class);

  private final LotTrackingConfig config;
  private final Source<LotInput, ?, ?> waferMaps;
  private final Source<LotInput, ?, ?> lotEvents;
  private final Source<LotInput, ?, ?> mtsWindows;
  private final Sink<LotFeatures> lotFeatures;
  private final Sink<DeadLetter> deadLetters;
  private final Source<LotInput, ?, ?> waferVerdicts;
  private final Source<LotInput, ?, ?> windowVerdicts;

  public LotTrackingJob(
      LotTrackingConfig config,
      Source<LotInput, ?, ?> waferMaps,
      Source<LotInput, ?, ?> lotEvents,
      Source<LotInput, ?, ?> mtsWindows,
      Sink<LotFeatures> lotFeatures,
      Sink<DeadLetter> deadLetters) {
    this.config = Objects.requireNonNull(config, "config");
    this.waferMaps = Objects.requireNonNull(waferMaps, "waferMaps");
    this.lotEvents = Objects.requireNonNull(lotEvents, "lotEvents");
    this.mtsWindows = Objects.requireNonNull(mtsWindows, "mtsWindows");
    this.lotFeatures = Objects.requireNonNull(lotFeatures, "lotFeatures");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.waferVerdicts = null;
    this.windowVerdicts = null;
  }

  private LotTrackingJob(
      LotTrackingJob job,
      Source<LotInput, ?, ?> waferVerdicts,
      Source<LotInput, ?, ?> windowVerdicts) {
    this.config = job.config;
    this.waferMaps = job.waferMaps;
    this.lotEvents = job.lotEvents;
    this.mtsWindows = job.mtsWindows;
    this.lotFeatures = job.lotFeatures;
    this.deadLetters = job.deadLetters;
    this.waferVerdicts = waferVerdicts;
    this.windowVerdicts = windowVerdicts;
  }

  /**
   * The same job also reading the scorers' verdicts: wafer-map patterns for each lot's pattern mix
   * and window verdicts for anomaly counts per lot and step (either may be null).
   */
  public LotTrackingJob withVerdicts(
      Source<LotInput, ?, ?> waferVerdicts, Source<LotInput, ?, ?> windowVerdicts) {
    return new LotTrackingJob(this, waferVerdicts, windowVerdicts);
  }

  /** The job on Kafka: validated topics in, exactly-once sinks out. */
  public static LotTrackingJob kafka(
      FlinkKafkaSettings settings, LotTrackingConfig config, LotTopics topics) {
    String registry = settings.registryUrl();
    LotTrackingJob job =
        new LotTrackingJob(
            config,
            FabKafka.source(settings, topics.waferMaps(), "wafer-maps", waferMapReader(registry)),
            FabKafka.source(settings, topics.lotEvents(), "lot-events", lotEventReader(registry)),
            FabKafka.source(settings, topics.mtsWindows(), "mts-windows", windowReader(registry)),
            FabKafka.exactlyOnceSink(
                settings, "lot-features", featuresWriter(registry).to(topics.lotFeatures())),
            FabKafka.exactlyOnceSink(
                settings, "dead-letter", deadLetterWriter(registry).to(topics.deadLetter())));
    return job.withVerdicts(
        topics.waferPredictions() == null
            ? null
            : FabKafka.source(
                settings,
                topics.waferPredictions(),
                "wafer-verdicts",
                new RegistryRecordReader<>(
                    TopicCatalog.WAFER_PREDICTIONS,
                    registry,
                    new LotInput.WaferVerdictReader(),
                    LotTrackingTypes.INPUT)),
        topics.tracePredictions() == null
            ? null
            : FabKafka.source(
                settings,
                topics.tracePredictions(),
                "window-verdicts",
                new RegistryRecordReader<>(
                    TopicCatalog.TRACE_PREDICTIONS,
                    registry,
                    new LotInput.WindowVerdictReader(),
                    LotTrackingTypes.INPUT)));
  }

  /** Reads the wafer-maps topic. */
  public static RegistryRecordReader<WaferMap, LotInput> waferMapReader(String registryUrl) {
    return new RegistryRecordReader<>(
        TopicCatalog.WAFER_MAPS,
        registryUrl,
        new LotInput.WaferMapReader(),
        LotTrackingTypes.INPUT);
  }

  /** Reads the lot-events topic. */
  public static RegistryRecordReader<LotEvent, LotInput> lotEventReader(String registryUrl) {
    return new RegistryRecordReader<>(
        TopicCatalog.LOT_EVENTS,
        registryUrl,
        new LotInput.LotEventReader(),
        LotTrackingTypes.INPUT);
  }

  /** Reads the MTS-windows topic. */
  public static RegistryRecordReader<MtsWindow, LotInput> windowReader(String registryUrl) {
    return new RegistryRecordReader<>(
        TopicCatalog.MTS_WINDOWS, registryUrl, new LotInput.WindowReader(), LotTrackingTypes.INPUT);
  }

  /**
   * Writes lot features keyed by lot (lot-level records) or lot/step (per-step records), with the
   * close time as record timestamp.
   */
  public static RegistryRecordWriter<LotFeatures> featuresWriter(String registryUrl) {
    return RegistryRecordWriter.stringKeyed(
        TopicCatalog.LOT_FEATURES, registryUrl, LotTrackingJob::featuresKey);
  }

  /** Writes dead letters keyed by the original record's key, timestamped when detected. */
  public static RegistryRecordWriter<DeadLetter> deadLetterWriter(String registryUrl) {
    return RegistryRecordWriter.bytesKeyed(
        TopicCatalog.DEAD_LETTER, registryUrl, LotTrackingJob::originalKey);
  }

  /** The Kafka key of a lot-features record. */
  public static String featuresKey(LotFeatures features) {
    return features.getStep() == null
        ? features.getLot()
        : features.getLot() + "/" + features.getStep();
  }

  private static byte[] originalKey(DeadLetter letter) {
    ByteBuffer key = letter.getOriginalKey();
    if (key == null) {
      return null;
    }
    ByteBuffer view = key.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** Adds the job's graph to {@code env}; the caller executes it. */
  public void build(StreamExecutionEnvironment env) {
    DataStream<LotInput> maps =
        env.fromSource(waferMaps, watermarks(), "wafer maps", LotTrackingTypes.INPUT)
            .uid("wafer-maps-source");
    DataStream<LotInput> events =
        env.fromSource(lotEvents, watermarks(), "lot events", LotTrackingTypes.INPUT)
            .uid("lot-events-source");
    DataStream<LotInput> windows =
        env.fromSource(mtsWindows, watermarks(), "mts windows", LotTrackingTypes.INPUT)
            .uid("mts-windows-source");

    DataStream<LotInput> inputs = maps.union(events, windows);
    if (waferVerdicts != null) {
      inputs =
          inputs.union(
              env.fromSource(waferVerdicts, watermarks(), "wafer verdicts", LotTrackingTypes.INPUT)
                  .uid("wafer-verdicts-source"));
    }
    if (windowVerdicts != null) {
      inputs =
          inputs.union(
              env.fromSource(
                      windowVerdicts, watermarks(), "window verdicts", LotTrackingTypes.INPUT)
                  .uid("window-verdicts-source")
                  .filter(new HasLot())
                  .name("verdicts on lot windows"));
    }
    SingleOutputStreamOperator<LotInput> usable =
        inputs
            .process(
                new RejectedSplitter<LotInput>(input -> input.rejected), LotTrackingTypes.INPUT)
            .uid("route-rejected")
            .name("route rejected records");
    usable
        .getSideOutput(RejectedSplitter.REJECTED)
        .map(new ToDeadLetter(APPLICATION), LotTrackingTypes.DEAD_LETTER)
        .uid("dead-letters")
        .name("dead letters")
        .sinkTo(deadLetters)
        .uid("dead-letter-sink")
        .name("dead-letter sink");

    usable
        .keyBy(new ByLot(), Types.STRING)
        .process(new LotTrackingFunction(config), LotTrackingTypes.FEATURES)
        .uid("lot-tracking")
        .name("lot tracking")
        .sinkTo(lotFeatures)
        .uid("lot-features-sink")
        .name("lot features");
  }

  /**
   * Event time from each input; a rejected record carries no event time of its own (its Kafka
   * timestamp may be wall-clock), so it must not move the watermark.
   */
  private WatermarkStrategy<LotInput> watermarks() {
    WatermarkStrategy<LotInput> strategy =
        WatermarkStrategy.<LotInput>forBoundedOutOfOrderness(config.maxOutOfOrderness())
            .withTimestampAssigner((input, kafkaTime) -> eventTime(input));
    return config.idlenessEnabled() ? strategy.withIdleness(config.idleness()) : strategy;
  }

  static long eventTime(LotInput input) {
    return input.isRejected() ? Long.MIN_VALUE : input.eventTime;
  }

  /** Keeps verdicts on windows that name a lot (and rejected records, for the dead letters). */
  private static final class HasLot implements FilterFunction<LotInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(LotInput input) {
      return input.isRejected() || input.lot != null;
    }
  }

  /** Keys inputs by lot. */
  private static final class ByLot implements KeySelector<LotInput, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(LotInput input) {
      return input.lot;
    }
  }

  /** A rejected record as the dead letter this job writes, stamped when it is turned into one. */
  private static final class ToDeadLetter implements MapFunction<RejectedRecord, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String application;

    ToDeadLetter(String application) {
      this.application = application;
    }

    @Override
    public DeadLetter map(RejectedRecord rejected) {
      return rejected.toDeadLetter(application, Instant.now());
    }
  }

  /**
   * Runs the job: {@code --bootstrap host:port --registry http://host:port [--checkpoint-interval
   * ms]}.
   */
  public static void main(String[] args) throws Exception {
    JobArgs options = JobArgs.parse(args);
    Duration checkpointInterval =
        options.duration("checkpoint-interval", JobEnvironment.DEFAULT_CHECKPOINT_INTERVAL);
    FlinkKafkaSettings settings =
        FlinkKafkaSettings.of(options.required("bootstrap"), options.required("registry"), NAME);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.configuration(
                checkpointInterval,
                options.get("checkpoint-dir", null) == null
                    ? null
                    : java.nio.file.Path.of(options.get("checkpoint-dir", null))));
    kafka(settings, LotTrackingConfig.defaults(), LotTopics.catalog()).build(env);
    LOG.info(
        "starting {} on {} (registry {}), checkpoints every {}",
        NAME,
        settings.bootstrapServers(),
        settings.registryUrl(),
        checkpointInterval);
    env.execute(NAME);
  }
}
