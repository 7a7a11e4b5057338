package io.fabstream.ingest.validation;

import static io.fabstream.ingest.validation.FabFixtures.lotMove;
import static io.fabstream.ingest.validation.FabFixtures.sample;
import static io.fabstream.ingest.validation.FabFixtures.wafer;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput and latency of the validation app on the real local broker (not a test): produces N
 * valid records of each kind, runs the app with exactly-once, and prints records/s and end-to-end
 * latency percentiles (validated record's timestamp, which is the raw record's, to read time).
 *
 * <p>Run: {@code java -cp <test classpath> io.fabstream.ingest.validation.ValidationBenchmark
 * [recordsPerKind]}.
 */
public final class ValidationBenchmark {

  private ValidationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int perKind = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
    TopicAdmin.ensureTopics(bootstrap, ValidationApp.TOPICS);
    RawBytes raw = new RawBytes(registry.url());
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    byte[] map = raw.of(wafer("LOT" + run, 1).withPassingGrid(40, 40).inspectedAt(now).build());
    byte[] sample =
        raw.of(
            sample("ETCH01", "PM1")
                .withSensor("he_flow", 10)
                .withSensor("esc_temp", 60)
                .at(now)
                .build());
    byte[] lotEvent = raw.of(lotMove("LOT" + run, "POLY_ETCH", "ETCH01").at(now).build());

    ValidationConfig config =
        ValidationConfig.defaults(registry.url()).withApplicationId("validation-bench-" + run);
    Path stateDir = Files.createTempDirectory("validation-bench-");
    try (ValidationRunner runner =
            new ValidationRunner(bootstrap, config, stateDir, new SimpleMeterRegistry());
        KafkaConsumer<byte[], byte[]> consumer = reader(bootstrap, run);
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      runner.start();
      while (runner.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
        Thread.sleep(50);
      }
      long expected = 3L * perKind;
      long t0 = System.nanoTime();
      for (int i = 0; i < perKind; i++) {
        byte[] key = ("k" + i).getBytes();
        producer.send(new ProducerRecord<>(TopicCatalog.RAW_WAFER_MAPS.name(), key, map));
        producer.send(new ProducerRecord<>(TopicCatalog.RAW_TRACE_SAMPLES.name(), key, sample));
        producer.send(new ProducerRecord<>(TopicCatalog.RAW_LOT_EVENTS.name(), key, lotEvent));
      }
      producer.flush();
      double produceSeconds = (System.nanoTime() - t0) / 1e9;
      long[] latencies = new long[(int) expected];
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (seen < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (seen < expected) {
            latencies[seen++] = System.currentTimeMillis() - r.timestamp();
          }
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long[] sorted = Arrays.copyOf(latencies, seen);
      Arrays.sort(sorted);
      System.out.printf(
          "ValidationBenchmark: %d records (%d per kind; wafer map 40x40), produced in %.2f s,"
              + " validated and read back (read_committed) in %.2f s = %.0f records/s%n",
          seen, perKind, produceSeconds, seconds, seen / seconds);
      System.out.printf(
          "end-to-end latency under burst (ms): p50=%d p90=%d p99=%d max=%d%n",
          pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1]);
      System.out.println("metrics: " + runner.metrics().summary());
    }
    System.exit(0);
  }

  private static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> reader(String bootstrap, String run) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "validation-bench-reader-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<String> topics =
        new ArrayList<>(
            List.of(
                TopicCatalog.WAFER_MAPS.name(),
                TopicCatalog.TRACE_SAMPLES.name(),
                TopicCatalog.LOT_EVENTS.name()));
    List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic)
          .forEach(
              p ->
                  partitions.add(new org.apache.kafka.common.TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }
}
