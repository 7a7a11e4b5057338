package io.fabstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.inference.registry.ModelManifest.SensorStat;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.Engine;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.runtime.ModelRunners;
import io.fabstream.inference.runtime.RunnerSettings;
import io.fabstream.inference.scoring.ScoringJob;
import io.fabstream.inference.scoring.ScoringSettings;
import io.fabstream.inference.scoring.ScoringTopics;
import io.fabstream.inference.scoring.baseline.JsonPerRecordScoringJob;
import io.fabstream.inference.trace.SensorWindowTensor;
import io.fabstream.inference.wafer.WaferMapTensor;
import io.fabstream.ingest.simulator.ProductSpec;
import io.fabstream.ingest.simulator.WaferMapGenerator;
import io.fabstream.platform.kafka.LocalKafkaBroker;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end scoring on a real local broker, for wafer maps and for windows, in one run so the
 * ratios compare like with like: (1) the raw model (ONNX Runtime on ready tensors, same batch
 * size), (2) the scoring job draining a backlog exactly-once (its sustained rate), (3) a
 * Crayfish-shaped baseline (JSON text, one model call per record in a Flink map), and (4) the
 * scoring job fed at fractions of its sustained rate, where event-to-prediction latency is taken
 * (record stamped on send, prediction seen by a {@code read_uncommitted} consumer: the time to
 * produce the verdict; a {@code read_committed} reader sees it up to one checkpoint interval
 * later).
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "Scoring throughput and event-to-prediction latency on a local broker, against the raw"
            + " model and a Crayfish-shaped JSON baseline; one RESULT line per kind.")
final class PipelineBench implements Callable<Integer> {

  @Option(
      names = "--kinds",
      split = ",",
      defaultValue = "wafer,window",
      description = "What to score: wafer, window (default: ${DEFAULT-VALUE}).")
  List<String> kinds;

  @Option(names = "--quick", description = "A shortened run (under 5 minutes).")
  boolean quick;

  @Option(
      names = "--records",
      defaultValue = "0",
      description = "Backlog size per kind (default: 20000, --quick 10000).")
  int records;

  @Option(
      names = "--batch",
      defaultValue = "0",
      description =
          "Scorer max batch, also the raw model's batch (default: the scorer's own, 8 for wafer"
              + " maps and 16 for windows).")
  int batch;

  /** The batch of the kind being measured. */
  private int kindBatch;

  @Option(
      names = "--max-wait",
      defaultValue = "10ms",
      converter = DurationConverter.class,
      description = "Scorer max wait (default: ${DEFAULT-VALUE}).")
  Duration maxWait;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description =
          "ONNX Runtime threads of the raw model, the scorer and the baseline alike (default:"
              + " ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--rates",
      split = ",",
      description =
          "Offered rates as fractions of the sustained rate (default: 0.25,0.5,0.75; --quick 0.5).")
  List<Double> rates;

  @Option(
      names = "--seconds",
      defaultValue = "0",
      description = "Seconds per offered rate (default: 20, --quick 8).")
  int seconds;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Checkpoint interval of the scoring job; the default is the deployed jobs' (each"
              + " checkpoint opens a transaction per output, which stalls the scorer for a moment;"
              + " default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Mixin ModelOptions models;

  private String bootstrap;
  private String registryUrl;
  private Path dir;

  @Override
  public Integer call() throws Exception {
    int n = records > 0 ? records : quick ? 10_000 : 20_000;
    List<Double> fractions =
        rates != null ? rates : quick ? List.of(0.5) : List.of(0.25, 0.5, 0.75);
    int phaseSeconds = seconds > 0 ? seconds : quick ? 8 : 20;
    dir = Files.createTempDirectory("fabstream-bench-pipeline-");
    List<String> results = new ArrayList<>();
    try (LocalKafkaBroker broker =
            LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dir.resolve("kafka")));
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Settings.kafkaBacked(broker.bootstrapServers()))) {
      bootstrap = broker.bootstrapServers();
      registryUrl = registry.url();
      for (String kind : kinds) {
        Kind k =
            switch (kind) {
              case "wafer" -> new Wafers(models.registry());
              case "window" -> new Windows(models.registry());
              default ->
                  throw new IllegalArgumentException(
                      "--kinds takes wafer and window, got '" + kind + "'");
            };
        results.add(measure(k, n, fractions, phaseSeconds));
      }
    }
    System.out.println();
    results.forEach(System.out::println);
    return 0;
  }

  private String measure(Kind kind, int n, List<Double> fractions, int phaseSeconds)
      throws Exception {
    kindBatch = batch > 0 ? batch : kind.defaultBatch();
    System.out.printf(
        "%n== %s: %s, batch %d, max wait %d ms, parallelism 1, %d ONNX Runtime thread(s) ==%n",
        kind.name(), kind.version().tag(), kindBatch, maxWait.toMillis(), threads);
    double raw = rawModel(kind);
    System.out.printf(Locale.ROOT, "raw model (ready tensors):    %,10.0f records/s%n", raw);

    ScoringTopics backlog = topics(kind.name() + "-backlog");
    produce(kind, backlog.input(), n, false, 0);
    double[] sustained = drain(kind, backlog, n);
    System.out.printf(
        Locale.ROOT,
        "pipeline, backlog of %,d:     %,10.0f records/s steady"
            + " (its last 80%%; %,.0f/s with start-up)%n",
        n,
        sustained[0],
        sustained[1]);

    int baselineRecords = Math.min(n, quick ? 2_000 : 5_000);
    double baseline = baseline(kind, baselineRecords);
    System.out.printf(
        Locale.ROOT,
        "Crayfish-shaped JSON baseline: %,10.0f records/s (%,d records)%n",
        baseline,
        baselineRecords);

    List<double[]> latency = latencies(kind, sustained[0], fractions, phaseSeconds);
    System.out.println("offered rate        sent   predicted   p50 ms   p95 ms   p99 ms   kept up");
    double[] atHalf = null;
    for (double[] row : latency) {
      System.out.printf(
          Locale.ROOT,
          "%5.0f%% %,9.0f/s %6.0f %9.0f %8.1f %8.1f %8.1f   %s%n",
          row[0] * 100,
          row[1],
          row[2],
          row[3],
          row[4],
          row[5],
          row[6],
          row[7] > 0 ? "yes" : "NO");
      if (atHalf == null || Math.abs(row[0] - 0.5) < Math.abs(atHalf[0] - 0.5)) {
        atHalf = row;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ratios: pipeline / raw model = %.2f, pipeline / baseline = %.1fx%n",
        sustained[0] / raw,
        sustained[0] / baseline);
    return String.format(
        Locale.ROOT,
        "RESULT kind=%s sustained_rps=%.0f raw_model_rps=%.0f baseline_rps=%.0f"
            + " pipeline_vs_raw=%.2f pipeline_vs_baseline=%.1f p50_ms_at_half=%.1f"
            + " p95_ms_at_half=%.1f p99_ms_at_half=%.1f batch=%d threads=%d",
        kind.name(),
        sustained[0],
        raw,
        baseline,
        sustained[0] / raw,
        sustained[0] / baseline,
        atHalf[4],
        atHalf[5],
        atHalf[6],
        kindBatch,
        threads);
  }

  /** ONNX Runtime alone on ready tensors at the scorer's batch size, for about 4 s. */
  private double rawModel(Kind kind) {
    try (ModelRunner runner = ModelRunners.open(kind.version(), onnxRuntime())) {
      float[][] pool = kind.tensors();
      int batch = kindBatch;
      DirectBatch b = new DirectBatch(batch, pool[0].length, runner.outputSize());
      for (int i = 0; i < batch; i++) {
        b.put(i, pool[i % pool.length]);
      }
      long warmUntil = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < warmUntil) {
        runner.run(b.input(), batch, kind.itemShape(), b.output());
      }
      long items = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < 4_000_000_000L) {
        runner.run(b.input(), batch, kind.itemShape(), b.output());
        items += batch;
      }
      return items / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** Drains a backlog with the scoring job; {steady rate, rate with start-up}. */
  private double[] drain(Kind kind, ScoringTopics topics, int n) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            1,
            JobEnvironment.configuration(
                checkpointInterval, dir.resolve("checkpoints-" + topics.input())));
    FlinkKafkaSettings kafka =
        FlinkKafkaSettings.of(bootstrap, registryUrl, "bench-" + topics.input().hashCode())
            .withBounded(true);
    kind.job(kafka, settings(kind), topics).build(env);
    long t0 = System.nanoTime();
    env.execute("bench-" + kind.name() + "-backlog");
    double wall = (System.nanoTime() - t0) / 1e9;
    List<long[]> scored = readPredictions(kind, topics.predictions(), n, "read_committed");
    if (scored.size() != n) {
      throw new IllegalStateException(
          "expected " + n + " predictions, found " + scored.size() + ": the bench is invalid");
    }
    return new double[] {
      steadyRate(scored.stream().mapToLong(r -> r[1]).sorted().toArray()), n / wall
    };
  }

  /** ONNX Runtime on the CPU with {@code --threads}. */
  private RunnerSettings onnxRuntime() {
    return new RunnerSettings(Engine.ONNXRUNTIME, "cpu", threads);
  }

  /**
   * Records per second over the last four fifths of a drained backlog, from its verdicts' sorted
   * times (ms): the first fifth is scored while the JIT compiles the scoring path and the first
   * checkpoint runs, for the pipeline and the baseline alike.
   */
  private static double steadyRate(long[] scoredAt) {
    int n = scoredAt.length;
    int from = n / 5;
    return (n - 1 - from) / Math.max(1e-3, (scoredAt[n - 1] - scoredAt[from]) / 1000.0);
  }

  /** The Crayfish-shaped job draining {@code n} JSON records. */
  private double baseline(Kind kind, int n) throws Exception {
    String prefix = "bench." + UUID.randomUUID().toString().substring(0, 8) + ".";
    String in = prefix + kind.name() + "-json";
    String out = prefix + kind.name() + "-json-predictions";
    createTopics(List.of(in, out));
    Properties props = producerProps();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(in, kind.json(i)));
      }
      producer.flush();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    new JsonPerRecordScoringJob(
            KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(in)
                .setGroupId(prefix + "baseline")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build(),
            KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(
                    KafkaRecordSerializationSchema.builder()
                        .setTopic(out)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build(),
            models.dir().toString(),
            kind.version().manifest().name(),
            onnxRuntime())
        .build(env);
    env.execute("bench-" + kind.name() + "-baseline");
    ObjectMapper json = new ObjectMapper();
    List<Long> scoredAt = new ArrayList<>();
    Properties c = consumerProps("read_committed");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(out));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (scoredAt.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          scoredAt.add(json.readTree(r.value()).get("scoredAt").asLong());
        }
      }
    }
    if (scoredAt.size() < n) {
      throw new IllegalStateException("baseline produced " + scoredAt.size() + " of " + n);
    }
    return steadyRate(scoredAt.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  /**
   * The scoring job running continuously while records are offered at each fraction of {@code
   * sustained}; per fraction {fraction, rate, sent, predicted, p50, p95, p99, kept up (1/0)}.
   */
  private List<double[]> latencies(
      Kind kind, double sustained, List<Double> fractions, int phaseSeconds) throws Exception {
    ScoringTopics topics = topics(kind.name() + "-live");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            1,
            JobEnvironment.configuration(
                checkpointInterval, dir.resolve("checkpoints-" + topics.input())));
    FlinkKafkaSettings kafka =
        FlinkKafkaSettings.of(bootstrap, registryUrl, "bench-" + topics.input().hashCode());
    kind.job(kafka, settings(kind), topics).build(env);
    JobClient job = env.executeAsync("bench-" + kind.name() + "-live");
    LatencyReader reader = new LatencyReader(kind, topics.predictions());
    Thread readerThread = new Thread(reader, "bench-latency-reader");
    readerThread.setDaemon(true);
    readerThread.start();
    List<double[]> rows = new ArrayList<>();
    try {
      int offset = 0;
      // warm-up at the lowest offered rate, so JIT, the first checkpoints, registry lookups and the
      // batch-size mix the scorer settles into are behind it before latency is taken
      double warmRate = fractions.stream().mapToDouble(Double::doubleValue).min().orElse(0.1);
      offset +=
          produce(
              kind,
              topics.input(),
              (int) Math.max(50, warmRate * sustained * WARM_UP_SECONDS),
              true,
              warmRate * sustained);
      Thread.sleep(2_000);
      for (double fraction : fractions) {
        double rate = fraction * sustained;
        int count = (int) Math.max(20, rate * phaseSeconds);
        reader.reset();
        offset += produce(kind, topics.input(), count, true, rate, offset);
        long end = System.nanoTime() + 10_000_000_000L;
        while (reader.count() < count && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        long[] lat = reader.latencies();
        Arrays.sort(lat);
        long[] scoredLat = reader.toScorer();
        Arrays.sort(scoredLat);
        System.out.printf(
            Locale.ROOT,
            "  %.0f%%: event to scorer's verdict p50 %.1f ms, p99 %.1f ms%n",
            fraction * 100,
            percentile(scoredLat, 0.50),
            percentile(scoredLat, 0.99));
        boolean keptUp = lat.length >= count && percentile(lat, 0.99) < 2_000;
        rows.add(
            new double[] {
              fraction,
              rate,
              count,
              lat.length,
              percentile(lat, 0.50),
              percentile(lat, 0.95),
              percentile(lat, 0.99),
              keptUp ? 1 : 0
            });
      }
    } finally {
      reader.stop();
      job.cancel().get();
    }
    return rows;
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private int produce(Kind kind, String topic, int n, boolean stampNow, double rate) {
    return produce(kind, topic, n, stampNow, rate, 0);
  }

  /**
   * Sends {@code n} records (ids from {@code offset}); with {@code rate > 0} paced to it, each
   * stamped with its send time when {@code stampNow}.
   */
  private int produce(Kind kind, String topic, int n, boolean stampNow, double rate, int offset) {
    Properties props = producerProps();
    if (rate > 0) {
      // like equipment sending live: small batches, at most 2 ms added
      props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    }
    Serializer<SpecificRecord> serializer = FabSerdes.avroSerializer(registryUrl);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (rate > 0) {
          long due = t0 + (long) (i * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        long stamp = stampNow ? System.currentTimeMillis() : Instant.EPOCH.toEpochMilli() + i;
        SpecificRecord value = kind.record(offset + i, stamp);
        producer.send(
            new ProducerRecord<>(topic, kind.key(offset + i), serializer.serialize(topic, value)));
      }
      producer.flush();
    }
    return n;
  }

  /** {id hash, scoredAt} of every prediction in {@code topic}. */
  private List<long[]> readPredictions(Kind kind, String topic, int n, String isolation) {
    List<long[]> out = new ArrayList<>();
    Deserializer<SpecificRecord> d = kind.predictionReader(registryUrl);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps(isolation), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (out.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          SpecificRecord p = d.deserialize(topic, r.value());
          out.add(new long[] {0, kind.scoredAt(p)});
        }
      }
    }
    return out;
  }

  /** Reads predictions as they are produced and keeps event-to-prediction latencies (ms). */
  /** Seconds of load before any latency is taken. */
  private static final int WARM_UP_SECONDS = 5;

  private final class LatencyReader implements Runnable {
    private final Kind kind;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> toScorer = new ArrayList<>();

    LatencyReader(Kind kind, String topic) {
      this.kind = kind;
      this.topic = topic;
    }

    @Override
    public void run() {
      Deserializer<SpecificRecord> d = kind.predictionReader(registryUrl);
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              consumerProps("read_uncommitted"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(topic));
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
            long now = System.currentTimeMillis();
            SpecificRecord prediction = d.deserialize(topic, r.value());
            long event = kind.eventTime(prediction);
            synchronized (this) {
              latencies.add(now - event);
              toScorer.add(kind.scoredAt(prediction) - event);
            }
          }
        }
      }
    }

    synchronized void reset() {
      latencies.clear();
      toScorer.clear();
    }

    /** Event to the scorer's verdict (ms): the part before the sink and the reader. */
    synchronized long[] toScorer() {
      return toScorer.stream().mapToLong(Long::longValue).toArray();
    }

    synchronized int count() {
      return latencies.size();
    }

    synchronized long[] latencies() {
      return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    void stop() {
      running.set(false);
    }
  }

  private ScoringSettings settings(Kind kind) {
    return new ScoringSettings(
        models.dir().toString(),
        kind.version().manifest().name(),
        onnxRuntime(),
        kindBatch,
        maxWait);
  }

  private ScoringTopics topics(String name) throws Exception {
    String prefix = "bench." + UUID.randomUUID().toString().substring(0, 8) + "." + name + ".";
    ScoringTopics t =
        new ScoringTopics(
            prefix + "input",
            prefix + "predictions",
            prefix + "shadow",
            prefix + "control",
            prefix + "alerts",
            prefix + "dead");
    createTopics(
        List.of(t.input(), t.predictions(), t.shadow(), t.control(), t.alerts(), t.deadLetter()));
    return t;
  }

  private void createTopics(List<String> names) throws Exception {
    try (Admin admin = Admin.create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(names.stream().map(n -> new NewTopic(n, 1, (short) 1)).toList())
          .all()
          .get();
      io.fabstream.schemas.TopicAdmin.awaitLeaders(admin, names, Duration.ofSeconds(30));
    }
  }

  private Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return props;
  }

  private Properties consumerProps(String isolation) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  /** One kind of record: how it is made, encoded, scored and read back. */
  private interface Kind {
    String name();

    ModelVersion version();

    /** The scorer's default max batch for this kind. */
    int defaultBatch();

    SpecificRecord record(int i, long eventMillis);

    String key(int i);

    String json(int i);

    float[][] tensors();

    long[] itemShape();

    ScoringJob<?, ?> job(FlinkKafkaSettings kafka, ScoringSettings s, ScoringTopics t);

    /** The topic whose schema the predictions have. */
    Topic<String, ? extends SpecificRecord> predictionTopic();

    @SuppressWarnings("unchecked")
    default Deserializer<SpecificRecord> predictionReader(String registryUrl) {
      return (Deserializer<SpecificRecord>)
          (Deserializer<?>) FabSerdes.valueDeserializer(predictionTopic(), registryUrl);
    }

    long scoredAt(SpecificRecord prediction);

    long eventTime(SpecificRecord prediction);
  }

  /** Simulated wafer maps of every pattern, 40 x 40 dies. */
  private static final class Wafers implements Kind {
    private static final ProductSpec PRODUCT = new ProductSpec("P-BENCH", 40, 40, 1);
    private final ModelVersion version;
    private final List<byte[]> pool = new ArrayList<>();

    Wafers(ModelRegistry registry) {
      version = registry.loadPromoted("wafer-cnn");
      WaferMapGenerator generator = new WaferMapGenerator();
      SplittableRandom rng = new SplittableRandom(11);
      DefectPattern[] patterns = DefectPattern.values();
      for (int i = 0; i < 256; i++) {
        pool.add(generator.dies(PRODUCT, patterns[i % patterns.length], rng));
      }
    }

    @Override
    public String name() {
      return "wafer";
    }

    @Override
    public int defaultBatch() {
      return ScoringSettings.WAFER_MAX_BATCH;
    }

    @Override
    public ModelVersion version() {
      return version;
    }

    @Override
    public SpecificRecord record(int i, long eventMillis) {
      return WaferMap.newBuilder()
          .setWaferId("BW-" + i)
          .setLot("BL-" + i / 25)
          .setSlot(i % 25 + 1)
          .setProduct(PRODUCT.name())
          .setTool("PROBE01")
          .setStep("SORT")
          .setInspectedAt(Instant.ofEpochMilli(eventMillis))
          .setRows(PRODUCT.rows())
          .setCols(PRODUCT.cols())
          .setDies(ByteBuffer.wrap(pool.get(i % pool.size())))
          .build();
    }

    @Override
    public String key(int i) {
      return "BW-" + i;
    }

    @Override
    public String json(int i) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("id", "BW-" + i);
      o.put("rows", PRODUCT.rows());
      o.put("cols", PRODUCT.cols());
      ArrayNode dies = o.putArray("dies");
      for (byte b : pool.get(i % pool.size())) {
        dies.add(b);
      }
      return o.toString();
    }

    @Override
    public float[][] tensors() {
      WaferMapTensor t = new WaferMapTensor(version.manifest().preprocessing().grid());
      return pool.stream()
          .map(d -> t.toArray(PRODUCT.rows(), PRODUCT.cols(), d))
          .toArray(float[][]::new);
    }

    @Override
    public long[] itemShape() {
      int g = version.manifest().preprocessing().grid();
      return new long[] {3, g, g};
    }

    @Override
    public ScoringJob<?, ?> job(FlinkKafkaSettings kafka, ScoringSettings s, ScoringTopics t) {
      return ScoringJob.waferMaps(kafka, s, t);
    }

    @Override
    public Topic<String, ? extends SpecificRecord> predictionTopic() {
      return TopicCatalog.WAFER_PREDICTIONS;
    }

    @Override
    public long scoredAt(SpecificRecord p) {
      return ((WaferPrediction) p).getScoredAt().toEpochMilli();
    }

    @Override
    public long eventTime(SpecificRecord p) {
      return ((WaferPrediction) p).getInspectedAt().toEpochMilli();
    }
  }

  /** Windows of the trace model's sensors, T = the model's length, values around its means. */
  private static final class Windows implements Kind {
    private final ModelVersion version;
    private final List<String> sensors;
    private final int length;
    private final List<float[]> pool = new ArrayList<>();
    private final List<java.nio.ByteBuffer> packed = new ArrayList<>();

    Windows(ModelRegistry registry) {
      version = registry.loadPromoted("trace-lstm");
      List<SensorStat> stats = version.manifest().preprocessing().sensors();
      sensors = stats.stream().map(SensorStat::name).toList();
      length = version.manifest().preprocessing().length();
      SplittableRandom rng = new SplittableRandom(13);
      for (int w = 0; w < 256; w++) {
        float[] values = new float[length * sensors.size()];
        for (int t = 0; t < length; t++) {
          for (int s = 0; s < stats.size(); s++) {
            values[t * stats.size() + s] =
                (float) (stats.get(s).mean() + stats.get(s).std() * rng.nextGaussian());
          }
        }
        pool.add(values);
        packed.add(WindowValues.pack(values));
      }
    }

    @Override
    public String name() {
      return "window";
    }

    @Override
    public int defaultBatch() {
      return ScoringSettings.WINDOW_MAX_BATCH;
    }

    @Override
    public ModelVersion version() {
      return version;
    }

    @Override
    public SpecificRecord record(int i, long eventMillis) {
      return MtsWindow.newBuilder()
          .setWindowId("BWIN-" + i)
          .setTool("ETCH-BENCH")
          .setChamber("PM" + (i % 4 + 1))
          .setRecipe("BENCH")
          .setRecipeStep("main")
          .setMode(WindowMode.STEP_ALIGNED)
          .setWindowStart(Instant.ofEpochMilli(eventMillis - 59_000))
          .setWindowEnd(Instant.ofEpochMilli(eventMillis))
          .setLength(length)
          .setSensorNames(new ArrayList<>(sensors))
          .setValues(List.of())
          .setPackedValues(packed.get(i % packed.size()).duplicate())
          .build();
    }

    @Override
    public String key(int i) {
      return "ETCH-BENCH/PM" + (i % 4 + 1);
    }

    @Override
    public String json(int i) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("id", "BWIN-" + i);
      o.put("length", length);
      ArrayNode names = o.putArray("sensors");
      sensors.forEach(names::add);
      ArrayNode values = o.putArray("values");
      for (float v : pool.get(i % pool.size())) {
        values.add(v);
      }
      return o.toString();
    }

    @Override
    public float[][] tensors() {
      SensorWindowTensor t =
          new SensorWindowTensor(length, version.manifest().preprocessing().sensors());
      return pool.stream()
          .map(
              raw -> {
                float[] x = new float[raw.length];
                t.normaliseWindow(raw, length, x);
                return x;
              })
          .toArray(float[][]::new);
    }

    @Override
    public long[] itemShape() {
      return new long[] {length, sensors.size()};
    }

    @Override
    public ScoringJob<?, ?> job(FlinkKafkaSettings kafka, ScoringSettings s, ScoringTopics t) {
      return ScoringJob.mtsWindows(kafka, s, t);
    }

    @Override
    public Topic<String, ? extends SpecificRecord> predictionTopic() {
      return TopicCatalog.TRACE_PREDICTIONS;
    }

    @Override
    public long scoredAt(SpecificRecord p) {
      return ((TracePrediction) p).getScoredAt().toEpochMilli();
    }

    @Override
    public long eventTime(SpecificRecord p) {
      return ((TracePrediction) p).getWindowEnd().toEpochMilli();
    }
  }
}
