package io.fabstream.app;

import io.fabstream.ingest.simulator.FabEventSink;
import io.fabstream.ingest.simulator.FabSimulator;
import io.fabstream.ingest.simulator.SimulatorConfig;
import io.fabstream.ingest.validation.ValidationConfig;
import io.fabstream.ingest.validation.ValidationRunner;
import io.fabstream.platform.kafka.LocalKafkaBroker;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Throughput and latency of the validation app on a real local broker, with simulator records: (1)
 * sustained throughput draining a backlog, (2) end-to-end latency percentiles at a fixed offered
 * rate below it. Exactly-once is on, as in production.
 */
@Command(
    name = "validation",
    mixinStandardHelpOptions = true,
    description =
        "Validation throughput (backlog drain) and latency percentiles at --latency-rate, on a"
            + " local broker with simulated fab records.")
final class ValidationBench implements Callable<Integer> {

  @Option(
      names = "--lots",
      defaultValue = "4",
      description = "Simulated lots in the backlog (default: ${DEFAULT-VALUE}).")
  int lots;

  @Option(
      names = "--latency-rate",
      defaultValue = "1000",
      description = "Offered records/s for the latency phase (default: ${DEFAULT-VALUE}).")
  int latencyRate;

  @Option(
      names = "--latency-seconds",
      defaultValue = "20",
      description = "Length of the latency phase (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  private record Raw(String topic, String key, byte[] value) {}

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("fabstream-bench-");
    try (LocalKafkaBroker broker =
            LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dir.resolve("kafka")));
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Settings.kafkaBacked(broker.bootstrapServers()))) {
      String bootstrap = broker.bootstrapServers();
      System.out.printf("broker ready in %d ms%n", broker.startTime().toMillis());
      TopicAdmin.ensureTopics(bootstrap, TopicCatalog.all());
      List<Raw> records = simulate(registry.url());
      System.out.printf(
          "backlog: %d raw records from %d simulated lots (maps, trace samples, lot events)%n",
          records.size(), lots);
      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        for (Raw r : records) {
          producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
        }
        producer.flush();

        ValidationConfig config =
            ValidationConfig.defaults(registry.url()).withMaxFutureSkew(Duration.ofDays(365));
        try (ValidationRunner runner =
                new ValidationRunner(
                    bootstrap, config, dir.resolve("streams"), new SimpleMeterRegistry());
            KafkaConsumer<byte[], byte[]> reader = validatedReader(bootstrap)) {
          long t0 = System.nanoTime();
          runner.start();
          long target = records.size();
          while (runner.metrics().totalValid() + runner.metrics().totalDeadLettered() < target) {
            if (System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) {
              throw new IllegalStateException("validation did not drain the backlog in 5 minutes");
            }
            reader.poll(Duration.ofMillis(200));
          }
          double drainSeconds = (System.nanoTime() - t0) / 1e9;
          double throughput = target / drainSeconds;
          System.out.printf(
              Locale.ROOT,
              "throughput: %d records validated in %.1f s (start-up included) = %.0f records/s%n",
              target,
              drainSeconds,
              throughput);
          drain(reader);

          long[] latencies = offeredLoad(producer, reader, records);
          Arrays.sort(latencies);
          System.out.printf(
              Locale.ROOT,
              "latency at %d records/s offered, %d records (raw produce to validated, read_committed,"
                  + " ms): p50=%d p95=%d p99=%d max=%d%n",
              latencyRate,
              latencies.length,
              pct(latencies, 0.50),
              pct(latencies, 0.95),
              pct(latencies, 0.99),
              latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
          System.out.printf(
              Locale.ROOT,
              "RESULT kind=validation throughput_rps=%.0f p50_ms=%d p99_ms=%d offered_rps=%d%n",
              throughput,
              pct(latencies, 0.50),
              pct(latencies, 0.99),
              latencyRate);
          System.out.println("dead letters: " + runner.metrics().deadLettersByReason());
        }
      }
    }
    return 0;
  }

  private List<Raw> simulate(String registryUrl) {
    Serializer<WaferMap> maps = FabSerdes.avroSerializer(registryUrl);
    Serializer<TraceSample> samples = FabSerdes.avroSerializer(registryUrl);
    Serializer<LotEvent> events = FabSerdes.avroSerializer(registryUrl);
    List<Raw> out = new ArrayList<>();
    FabEventSink collect =
        new FabEventSink() {
          @Override
          public void onWaferMap(WaferMap m) {
            String t = TopicCatalog.RAW_WAFER_MAPS.name();
            out.add(new Raw(t, m.getWaferId(), maps.serialize(t, m)));
          }

          @Override
          public void onTraceSample(TraceSample s) {
            String t = TopicCatalog.RAW_TRACE_SAMPLES.name();
            out.add(new Raw(t, s.getTool() + "/" + s.getChamber(), samples.serialize(t, s)));
          }

          @Override
          public void onLotEvent(LotEvent e) {
            String t = TopicCatalog.RAW_LOT_EVENTS.name();
            out.add(new Raw(t, e.getLot(), events.serialize(t, e)));
          }

          @Override
          public void onGroundTruth(GroundTruth label) {
            // labels skip validation; not part of this benchmark
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    new FabSimulator(SimulatorConfig.defaults().withSeed(1)).run(collect, lots);
    return out;
  }

  /** Sends records at the offered rate and returns produce-to-validated latencies in ms. */
  private long[] offeredLoad(
      KafkaProducer<String, byte[]> producer,
      KafkaConsumer<byte[], byte[]> reader,
      List<Raw> pool) {
    int total = latencyRate * latencySeconds;
    long[] latencies = new long[total];
    int seen = 0;
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / Math.max(1, latencyRate);
    int sent = 0;
    while (seen < total) {
      long now = System.nanoTime();
      while (sent < total && start + sent * intervalNanos <= now) {
        Raw r = pool.get(sent % pool.size());
        producer.send(
            new ProducerRecord<>(r.topic(), null, System.currentTimeMillis(), r.key(), r.value()));
        sent++;
      }
      for (ConsumerRecord<byte[], byte[]> c : reader.poll(Duration.ofMillis(5))) {
        if (seen < total) {
          latencies[seen++] = System.currentTimeMillis() - c.timestamp();
        }
      }
      if (now - start > Duration.ofSeconds(latencySeconds + 120L).toNanos()) {
        break;
      }
    }
    return Arrays.copyOf(latencies, seen);
  }

  private static void drain(KafkaConsumer<byte[], byte[]> reader) {
    while (!reader.poll(Duration.ofMillis(500)).isEmpty()) {
      // skip what the throughput phase wrote
    }
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> validatedReader(String bootstrap) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (var topic :
        List.of(TopicCatalog.WAFER_MAPS, TopicCatalog.TRACE_SAMPLES, TopicCatalog.LOT_EVENTS)) {
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.name(), p));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
