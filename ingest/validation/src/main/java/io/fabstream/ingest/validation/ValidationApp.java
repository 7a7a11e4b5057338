package io.fabstream.ingest.validation;

import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The validation app: reads the three raw topics, passes good records on to the validated topics as
 * typed Avro re-keyed for downstream (maps by wafer id, traces by {@code tool/chamber}, lot events
 * by lot) and sends every bad one, with its reason and original bytes, to the dead-letter topic.
 * Topology and Streams settings are built separately so tests can drive the topology with {@code
 * TopologyTestDriver}; {@link ValidationRunner} runs it for real.
 */
public final class ValidationApp {

  /** Raw topics validated, in the order the summary lists them. */
  public static final List<Topic<String, byte[]>> RAW_TOPICS =
      List.of(
          TopicCatalog.RAW_WAFER_MAPS, TopicCatalog.RAW_TRACE_SAMPLES, TopicCatalog.RAW_LOT_EVENTS);

  /** Every topic the app reads or writes, for {@code TopicAdmin.ensureTopics}. */
  public static final List<Topic<?, ?>> TOPICS =
      List.of(
          TopicCatalog.RAW_WAFER_MAPS,
          TopicCatalog.RAW_TRACE_SAMPLES,
          TopicCatalog.RAW_LOT_EVENTS,
          TopicCatalog.WAFER_MAPS,
          TopicCatalog.TRACE_SAMPLES,
          TopicCatalog.LOT_EVENTS,
          TopicCatalog.DEAD_LETTER);

  private static final String DEAD_LETTER_SINK = "sink-" + TopicCatalog.DEAD_LETTER.name();

  private ValidationApp() {}

  /** Key of a validated trace sample: the chamber its window belongs to. */
  public static String traceKey(TraceSample sample) {
    return sample.getTool() + "/" + sample.getChamber();
  }

  /**
   * The topology, with output serdes against {@code config.registryUrl()} and counts going to
   * {@code metrics}.
   */
  public static Topology buildTopology(ValidationConfig config, ValidationMetrics metrics) {
    WriterSchemas writerSchemas = new WriterSchemas(config.registryUrl());
    List<ValidationRoute<?>> routes =
        List.of(
            new ValidationRoute<>(
                TopicCatalog.RAW_WAFER_MAPS,
                TopicCatalog.WAFER_MAPS,
                WaferMapRules.from(config)::check,
                WaferMap::getWaferId),
            new ValidationRoute<>(
                TopicCatalog.RAW_TRACE_SAMPLES,
                TopicCatalog.TRACE_SAMPLES,
                TraceSampleRules.from(config)::check,
                ValidationApp::traceKey),
            new ValidationRoute<>(
                TopicCatalog.RAW_LOT_EVENTS,
                TopicCatalog.LOT_EVENTS,
                LotEventRules.from(config)::check,
                LotEvent::getLot));

    Topology topology = new Topology();
    List<String> validators = new ArrayList<>();
    for (ValidationRoute<?> route : routes) {
      addRoute(topology, route, config, writerSchemas, metrics);
      validators.add(route.processorName());
    }
    topology.addSink(
        DEAD_LETTER_SINK,
        TopicCatalog.DEAD_LETTER.name(),
        new ByteArraySerializer(),
        FabSerdes.<DeadLetter>valueSerializer(TopicCatalog.DEAD_LETTER, config.registryUrl()),
        validators.toArray(String[]::new));
    return topology;
  }

  private static <T extends SpecificRecord> void addRoute(
      Topology topology,
      ValidationRoute<T> route,
      ValidationConfig config,
      WriterSchemas writerSchemas,
      ValidationMetrics metrics) {
    topology.addSource(
        route.sourceName(),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        route.raw().name());
    topology.addProcessor(
        route.processorName(),
        () ->
            new RecordValidator<>(
                route, writerSchemas, metrics, config.applicationId(), DEAD_LETTER_SINK),
        route.sourceName());
    topology.addSink(
        route.sinkName(),
        route.validated().name(),
        new StringSerializer(),
        FabSerdes.valueSerializer(route.validated(), config.registryUrl()),
        route.processorName());
  }

  /**
   * Streams settings: exactly-once v2 (a record's validated or dead-letter output and its input
   * offset commit together), reading raw topics from the earliest offset on first start.
   */
  public static Properties streamsConfig(
      String bootstrapServers, ValidationConfig config, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    KafkaClientSecurity.apply(props);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    return props;
  }
}
