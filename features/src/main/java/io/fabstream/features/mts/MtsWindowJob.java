package io.fabstream.features.mts;

import io.fabstream.features.kafka.FabKafka;
import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.kafka.RegistryRecordReader;
import io.fabstream.features.kafka.RegistryRecordWriter;
import io.fabstream.features.runtime.JobArgs;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.runtime.RejectedSplitter;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink job that cuts validated trace samples into fixed-shape multivariate windows for the
 * sequence models: event time with bounded out-of-orderness and idle-partition handling, one
 * sequence per tool/chamber/recipe (see {@link MtsWindowFunction}), windows written exactly-once,
 * late samples to their own topic and unusable records to the dead-letter topic.
 *
 * <p>Sources and sinks come in through the constructor so tests can swap them; {@link
 * #kafka(FlinkKafkaSettings, MtsWindowConfig, MtsTopics)} builds the production ones.
 */
public final class MtsWindowJob {

  /** Job name; also the consumer group and transactional-id prefix of the Kafka connectors. */
  public static final String NAME = "fabstream-mts-windows";

  /** How far (event time) one source split may read ahead of the slowest. */
  static final Duration ALIGNMENT_DRIFT = Duration.ofSeconds(30);

  private static final Duration ALIGNMENT_UPDATE = Duration.ofSeconds(1);

  /** Application name on dead letters this job writes. */
  public static final String APPLICATION = "mts-windows";

  private final MtsWindowConfig config;
  private final Source<TracePoint, ?, ?> samples;
  private final Sink<MtsWindow> windows;
  private final Sink<TraceSample> lateSamples;
  private final Sink<DeadLetter> deadLetters;

  public MtsWindowJob(
      MtsWindowConfig config,
      Source<TracePoint, ?, ?> samples,
      Sink<MtsWindow> windows,
      Sink<TraceSample> lateSamples,
      Sink<DeadLetter> deadLetters) {
    this.config = config;
    this.samples = samples;
    this.windows = windows;
    this.lateSamples = lateSamples;
    this.deadLetters = deadLetters;
  }

  /** The job on Kafka: reads {@code topics.traceSamples()} and writes the other three. */
  public static MtsWindowJob kafka(
      FlinkKafkaSettings kafka, MtsWindowConfig config, MtsTopics topics) {
    return kafka(kafka, config, topics, reader(kafka));
  }

  /** The job on Kafka, decoding samples with {@code reader} (tests wrap it to inject faults). */
  public static MtsWindowJob kafka(
      FlinkKafkaSettings kafka,
      MtsWindowConfig config,
      MtsTopics topics,
      KafkaRecordDeserializationSchema<TracePoint> reader) {
    return new MtsWindowJob(
        config,
        FabKafka.source(kafka, topics.traceSamples(), "samples", reader),
        FabKafka.exactlyOnceSink(
            kafka,
            "windows",
            RegistryRecordWriter.stringKeyed(
                    TopicCatalog.MTS_WINDOWS,
                    kafka.registryUrl(),
                    w -> w.getTool() + "/" + w.getChamber())
                .to(topics.windows())),
        FabKafka.exactlyOnceSink(
            kafka,
            "late",
            RegistryRecordWriter.stringKeyed(
                    TopicCatalog.LATE_TRACE_SAMPLES,
                    kafka.registryUrl(),
                    s -> s.getTool() + "/" + s.getChamber())
                .to(topics.lateSamples())),
        FabKafka.exactlyOnceSink(
            kafka,
            "dead-letters",
            RegistryRecordWriter.bytesKeyed(
                    TopicCatalog.DEAD_LETTER,
                    kafka.registryUrl(),
                    d ->
                        d.getOriginalKey() == null
                            ? null
                            : (d.getSourceTopic() + "/" + d.getSourcePartition())
                                .getBytes(StandardCharsets.UTF_8))
                .to(topics.deadLetter())));
  }

  /** The reader for the trace-samples topic. */
  public static RegistryRecordReader<TraceSample, TracePoint> reader(FlinkKafkaSettings kafka) {
    return new RegistryRecordReader<>(
        TopicCatalog.TRACE_SAMPLES,
        kafka.registryUrl(),
        new TracePoint.Reader(),
        TypeInformation.of(TracePoint.class));
  }

  /** Adds the job's operators to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    WatermarkStrategy<TracePoint> watermarks =
        WatermarkStrategy.<TracePoint>forBoundedOutOfOrderness(config.maxOutOfOrderness())
            .withTimestampAssigner((p, kafkaTimestamp) -> p.eventTime)
            .withIdleness(config.idleness());
    if (samples.getBoundedness() == Boundedness.CONTINUOUS_UNBOUNDED) {
      // A partition read far ahead of the others (catching up on a backlog) pauses, so the
      // samples held for sequencing stay bounded. Not on bounded sources: the Kafka reader fails
      // when it is told to pause a split that has just finished.
      watermarks =
          watermarks.withWatermarkAlignment(
              "trace-samples", config.maxOutOfOrderness().plus(ALIGNMENT_DRIFT), ALIGNMENT_UPDATE);
    }
    SingleOutputStreamOperator<TracePoint> usable =
        env.fromSource(samples, watermarks, "trace-samples")
            .uid("trace-samples-source")
            .process(new RejectedSplitter<TracePoint>(p -> p.rejected))
            .returns(TypeInformation.of(TracePoint.class))
            .uid("reject-unusable-samples")
            .name("reject-unusable-samples");
    usable
        .getSideOutput(RejectedSplitter.REJECTED)
        .map(r -> r.toDeadLetter(APPLICATION, Instant.now()))
        .returns(TypeInformation.of(DeadLetter.class))
        .name("to-dead-letters")
        .sinkTo(deadLetters)
        .uid("dead-letter-sink")
        .name("dead-letter-sink");

    SingleOutputStreamOperator<MtsWindow> cut =
        usable
            .keyBy(TracePoint::sequenceKey)
            .process(new MtsWindowFunction(config))
            .returns(TypeInformation.of(MtsWindow.class))
            .uid("mts-windows")
            .name("mts-windows");
    cut.sinkTo(windows).uid("mts-window-sink").name("mts-window-sink");
    cut.getSideOutput(MtsWindowFunction.LATE)
        .map(TracePoint::toSample)
        .returns(TypeInformation.of(TraceSample.class))
        .name("late-samples")
        .sinkTo(lateSamples)
        .uid("late-sample-sink")
        .name("late-sample-sink");
  }

  /**
   * Entry point of the job jar: {@code flink run -c io.fabstream.features.mts.MtsWindowJob
   * fabstream-features-job.jar --bootstrap HOST:PORT --registry URL [--window 60] [--stride 10]
   * [--mode BOTH] [--reference ref.json] [--checkpoint-interval PT5S] [--checkpoint-dir DIR]}
   * (without a directory, the cluster's configured checkpoint storage).
   */
  public static void main(String[] args) throws Exception {
    JobArgs a = JobArgs.parse(args);
    FlinkKafkaSettings kafka =
        FlinkKafkaSettings.of(a.required("bootstrap"), a.required("registry"), NAME);
    MtsWindowConfig config =
        MtsWindowConfig.defaults()
            .withMode(MtsWindowConfig.Mode.valueOf(a.get("mode", "BOTH")))
            .withWindow(a.integer("window", 60), a.integer("stride", 10));
    String reference = a.get("reference", null);
    if (reference != null) {
      config = config.withReference(SensorReference.read(Path.of(reference)));
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.configuration(
                a.duration("checkpoint-interval", JobEnvironment.DEFAULT_CHECKPOINT_INTERVAL),
                a.get("checkpoint-dir", null) == null
                    ? null
                    : Path.of(a.get("checkpoint-dir", null))));
    kafka(kafka, config, MtsTopics.catalog()).build(env);
    env.execute(NAME);
  }
}
