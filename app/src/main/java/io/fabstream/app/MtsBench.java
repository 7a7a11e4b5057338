package io.fabstream.app;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.mts.MtsTopics;
import io.fabstream.features.mts.MtsWindowConfig;
import io.fabstream.features.mts.MtsWindowJob;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.ingest.simulator.FabEventSink;
import io.fabstream.ingest.simulator.FabSimulator;
import io.fabstream.ingest.simulator.SimulatorConfig;
import io.fabstream.platform.kafka.LocalKafkaBroker;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sustained trace-sample throughput of {@link MtsWindowJob} on a real local broker: a backlog of
 * simulated samples is drained by the job exactly as deployed (Kafka source, registry decoding,
 * event-time sequencing, both window modes, transactional sink, checkpoints), once per parallelism,
 * so the ratio between parallelisms comes from one run on one machine.
 */
@Command(
    name = "mts",
    mixinStandardHelpOptions = true,
    description =
        "MtsWindowJob throughput: trace samples/s draining a simulated backlog on a local broker,"
            + " exactly-once on, at each --parallelism.")
final class MtsBench implements Callable<Integer> {

  @Option(
      names = "--lots",
      defaultValue = "20",
      description =
          "Simulated lots in the backlog, 15,000 samples each (default: ${DEFAULT-VALUE}).")
  int lots;

  @Option(
      names = "--parallelism",
      split = ",",
      defaultValue = "1,2",
      description = "Parallelisms to measure, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> parallelisms;

  @Option(
      names = "--mode",
      defaultValue = "BOTH",
      description = "Windows to emit: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  MtsWindowConfig.Mode mode;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Checkpoint interval during the run (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("fabstream-bench-mts-");
    try (LocalKafkaBroker broker =
            LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dir.resolve("kafka")));
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Settings.kafkaBacked(broker.bootstrapServers()))) {
      String bootstrap = broker.bootstrapServers();
      System.out.printf("broker ready in %d ms%n", broker.startTime().toMillis());
      String prefix = "bench." + UUID.randomUUID().toString().substring(0, 8) + ".";
      MtsTopics topics =
          new MtsTopics(
              prefix + "trace-samples", prefix + "mts-windows", prefix + "late", prefix + "dead");
      int partitions = TopicCatalog.TRACE_SAMPLES.partitions();
      try (Admin admin = Admin.create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(topics.traceSamples(), partitions, (short) 1),
                    new NewTopic(topics.windows(), partitions, (short) 1),
                    new NewTopic(topics.lateSamples(), 1, (short) 1),
                    new NewTopic(topics.deadLetter(), 1, (short) 1)))
            .all()
            .get();
        io.fabstream.schemas.TopicAdmin.awaitLeaders(
            admin,
            List.of(
                topics.traceSamples(), topics.windows(), topics.lateSamples(), topics.deadLetter()),
            java.time.Duration.ofSeconds(30));
      }
      long samples = produceBacklog(bootstrap, registry.url(), topics.traceSamples());
      System.out.printf(
          "backlog: %d trace samples from %d simulated lots on %d partitions%n",
          samples, lots, partitions);

      List<String> results = new ArrayList<>();
      long windowsBefore = 0;
      for (int p : parallelisms) {
        MtsWindowConfig config = MtsWindowConfig.defaults().withMode(mode);
        StreamExecutionEnvironment env =
            StreamExecutionEnvironment.createLocalEnvironment(
                p,
                JobEnvironment.configuration(checkpointInterval, dir.resolve("checkpoints-p" + p)));
        FlinkKafkaSettings kafka =
            FlinkKafkaSettings.of(bootstrap, registry.url(), prefix + "p" + p).withBounded(true);
        MtsWindowJob.kafka(kafka, config, topics).build(env);
        long t0 = System.nanoTime();
        env.execute("bench-mts-p" + p);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long windowsTotal = committedCount(bootstrap, topics.windows());
        long windows = windowsTotal - windowsBefore;
        windowsBefore = windowsTotal;
        double rate = samples / seconds;
        System.out.printf(
            Locale.ROOT,
            "parallelism %d: %d samples -> %d windows in %.1f s (job start-up included) ="
                + " %.0f samples/s, %.0f windows/s%n",
            p,
            samples,
            windows,
            seconds,
            rate,
            windows / seconds);
        results.add(
            String.format(
                Locale.ROOT,
                "RESULT kind=mts parallelism=%d samples=%d windows=%d seconds=%.1f samples_per_s=%.0f",
                p,
                samples,
                windows,
                seconds,
                rate));
      }
      results.forEach(System.out::println);
    }
    return 0;
  }

  private long produceBacklog(String bootstrap, String registryUrl, String topic) {
    Serializer<TraceSample> serializer = FabSerdes.avroSerializer(registryUrl);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long[] count = {0};
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      FabEventSink sink =
          new FabEventSink() {
            @Override
            public void onWaferMap(WaferMap map) {
              // maps do not enter the MTS job
            }

            @Override
            public void onTraceSample(TraceSample s) {
              producer.send(
                  new ProducerRecord<>(
                      topic, s.getTool() + "/" + s.getChamber(), serializer.serialize(topic, s)));
              count[0]++;
            }

            @Override
            public void onLotEvent(LotEvent event) {
              // not an MTS input
            }

            @Override
            public void onGroundTruth(GroundTruth label) {
              // not an MTS input
            }

            @Override
            public void flush() {
              producer.flush();
            }

            @Override
            public void close() {
              producer.flush();
            }
          };
      new FabSimulator(SimulatorConfig.defaults().withSeed(1)).run(sink, lots);
      producer.flush();
    }
    return count[0];
  }

  private static long committedCount(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-count-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(pi -> new TopicPartition(topic, pi.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long n = 0;
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        n += consumer.poll(Duration.ofMillis(500)).count();
      }
      return n;
    }
  }
}
