package io.fabstream.app;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferPrediction;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the scorers have committed, as a downstream consumer sees it: wafer and window predictions,
 * the class mix, and the scoring latency the predictions carry. The embedded run's summary shows
 * these.
 */
final class PredictionOutputs extends CommittedOutputs {

  /** Latencies kept for the percentiles: the most recent ones. */
  private static final int LATENCY_WINDOW = 20_000;

  private final AtomicLong wafers = new AtomicLong();
  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();
  private final Map<String, Long> classMix = new TreeMap<>();
  private final long[] latencies = new long[LATENCY_WINDOW];
  private long latencyCount;
  private final Deserializer<WaferPrediction> waferReader;
  private final Deserializer<TracePrediction> windowReader;

  PredictionOutputs(String bootstrap, String registryUrl) {
    super(
        bootstrap,
        List.of(TopicCatalog.WAFER_PREDICTIONS.name(), TopicCatalog.TRACE_PREDICTIONS.name()),
        "prediction-outputs");
    waferReader = FabSerdes.valueDeserializer(TopicCatalog.WAFER_PREDICTIONS, registryUrl);
    windowReader = FabSerdes.valueDeserializer(TopicCatalog.TRACE_PREDICTIONS, registryUrl);
    start();
  }

  @Override
  void count(ConsumerRecord<byte[], byte[]> r) {
    if (r.topic().equals(TopicCatalog.WAFER_PREDICTIONS.name())) {
      WaferPrediction p = waferReader.deserialize(r.topic(), r.value());
      wafers.incrementAndGet();
      record(p.getPredictedClass().toString(), p.getScoringLatencyMicros());
    } else {
      TracePrediction p = windowReader.deserialize(r.topic(), r.value());
      windows.incrementAndGet();
      if (p.getPredictedClass().toString().equals("fault")) {
        faults.incrementAndGet();
      }
      record(null, p.getScoringLatencyMicros());
    }
  }

  private synchronized void record(String waferClass, long latencyMicros) {
    if (waferClass != null) {
      classMix.merge(waferClass, 1L, Long::sum);
    }
    latencies[(int) (latencyCount++ % LATENCY_WINDOW)] = latencyMicros;
  }

  long waferPredictions() {
    return wafers.get();
  }

  long windowPredictions() {
    return windows.get();
  }

  long faultWindows() {
    return faults.get();
  }

  /** Predicted wafer classes and their counts. */
  synchronized Map<String, Long> classMix() {
    return new TreeMap<>(classMix);
  }

  /** Scoring latency percentile {@code q} (0..1) in milliseconds over the recent predictions. */
  synchronized double latencyMillis(double q) {
    int n = (int) Math.min(latencyCount, LATENCY_WINDOW);
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1 < 0 ? 0 : (int) Math.ceil(q * n) - 1)]
        / 1000.0;
  }

  /** One line for the end of the run. */
  String report() {
    return String.format(
        Locale.ROOT,
        "predictions: %d wafers, %d windows (%d fault) | scoring latency p50 %.1f ms, p99 %.1f ms |"
            + " wafer classes %s",
        waferPredictions(),
        windowPredictions(),
        faultWindows(),
        latencyMillis(0.50),
        latencyMillis(0.99),
        classMix());
  }
}
