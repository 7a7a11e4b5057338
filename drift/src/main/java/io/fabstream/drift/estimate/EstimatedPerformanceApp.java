package io.fabstream.drift.estimate;

import io.fabstream.drift.DriftStreams;
import io.fabstream.drift.WallClockStamp;
import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferPrediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Performance before the labels: each model version's expected accuracy per window of prediction
 * time, over all inputs and per tool, from the probability each prediction gives its own verdict
 * (confidence-based estimation). Labels of a wafer come hours to weeks later; this report comes
 * when the window closes. When the labels arrive, the performance app's accuracy report of the same
 * predictions carries the estimate beside the realised figure ({@code estimated_accuracy}, {@code
 * estimate_error}), which is how a stale calibration shows. Probabilities are calibrated per
 * version on the held-back verdicts published with it ({@link Calibrations}).
 */
public final class EstimatedPerformanceApp {

  /** Every catalog topic the app reads or writes. */
  public static final List<Topic<?, ?>> TOPICS =
      List.of(
          TopicCatalog.WAFER_PREDICTIONS,
          TopicCatalog.TRACE_PREDICTIONS,
          TopicCatalog.DRIFT_REPORTS);

  private EstimatedPerformanceApp() {}

  /**
   * One prediction's share of an estimate: its scope keys and its probability of being right, as
   * its version's calibration reads the probability it gave its own verdict.
   */
  private record Confidence(String model, String version, String tool, double p) {

    Confidence calibrated(Calibrations calibrations) {
      return new Confidence(model, version, tool, calibrations.apply(model, version, p));
    }
  }

  /** The topology; baselines from {@code baselines}, counts to {@code meters}. */
  public static Topology buildTopology(
      EstimateConfig config, ModelBaselines baselines, MeterRegistry meters) {
    Counter reports =
        Counter.builder("fabstream.drift.estimate.reports")
            .description("Label-free performance estimates written")
            .register(meters);
    Counter drifted =
        Counter.builder("fabstream.drift.estimate.drifted")
            .description("Label-free performance estimates below their threshold")
            .register(meters);
    Calibrations calibrations = Calibrations.of(baselines);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EstimateProcessor.REFERENCES),
            Serdes.String(),
            Serdes.ByteArray()));
    KStream<String, Confidence> wafers =
        builder.stream(
                TopicCatalog.WAFER_PREDICTIONS.name(),
                DriftStreams.consumed(
                        TopicCatalog.WAFER_PREDICTIONS, config.registryUrl(), "wafer-predictions")
                    .withTimestampExtractor(
                        (record, previous) ->
                            record.value() instanceof WaferPrediction p
                                ? p.getInspectedAt().toEpochMilli()
                                : record.timestamp()))
            .filter((k, p) -> p != null && !p.getShadow(), Named.as("champion-maps"))
            .mapValues(EstimatedPerformanceApp::of, Named.as("map-confidence"));
    KStream<String, Confidence> windows =
        builder.stream(
                TopicCatalog.TRACE_PREDICTIONS.name(),
                DriftStreams.consumed(
                        TopicCatalog.TRACE_PREDICTIONS, config.registryUrl(), "trace-predictions")
                    .withTimestampExtractor(
                        (record, previous) ->
                            record.value() instanceof TracePrediction p
                                ? p.getWindowEnd().toEpochMilli()
                                : record.timestamp()))
            .filter(
                (k, p) -> p != null && !p.getShadow() && p.getRecipeStep() != null,
                Named.as("champion-step-windows"))
            .mapValues(EstimatedPerformanceApp::of, Named.as("window-confidence"));
    Serde<ConfidenceBasedEstimate> estimateSerde =
        Serdes.serdeFrom(
            (topic, e) -> e == null ? null : e.toBytes(),
            (topic, b) -> b == null ? null : ConfidenceBasedEstimate.fromBytes(b));
    wafers
        .merge(windows, Named.as("confidences"))
        .filter((k, c) -> c.p() >= 0 && c.p() <= 1, Named.as("with-confidence"))
        .mapValues(c -> c.calibrated(calibrations), Named.as("calibrated"))
        .flatMap(
            (k, c) -> {
              KeyValue<String, Double> all =
                  KeyValue.pair(String.join("|", c.model(), c.version(), ""), c.p());
              return c.tool() == null
                  ? List.of(all)
                  : List.of(
                      all,
                      KeyValue.pair(String.join("|", c.model(), c.version(), c.tool()), c.p()));
            },
            Named.as("by-scope"))
        .groupByKey(Grouped.with("scope-confidences", Serdes.String(), Serdes.Double()))
        .windowedBy(TimeWindows.ofSizeAndGrace(config.window(), config.grace()))
        .aggregate(
            ConfidenceBasedEstimate::new,
            (key, p, e) -> e.add(p),
            Named.as("estimates"),
            Materialized.<String, ConfidenceBasedEstimate, WindowStore<Bytes, byte[]>>as(
                    "estimates")
                .withKeySerde(Serdes.String())
                .withValueSerde(estimateSerde))
        .suppress(
            Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                .withName("closed-estimates"))
        .toStream(Named.as("closed"))
        .process(
            () -> new EstimateProcessor(config, baselines, calibrations, reports, drifted),
            Named.as("estimate-report"),
            EstimateProcessor.REFERENCES)
        .processValues(WallClockStamp::new, Named.as("stamp"))
        .to(
            TopicCatalog.DRIFT_REPORTS.name(),
            Produced.with(
                    Serdes.String(),
                    FabSerdes.valueSerde(TopicCatalog.DRIFT_REPORTS, config.registryUrl()))
                .withName("estimate-reports"));
    return builder.build();
  }

  private static Confidence of(WaferPrediction p) {
    int best = p.getClasses().indexOf(p.getPredictedClass());
    double c = best < 0 ? Double.NaN : p.getProbabilities().get(best);
    return new Confidence(p.getModel(), p.getModelVersion(), p.getTool(), c);
  }

  private static Confidence of(TracePrediction p) {
    double fault = p.getFaultProbability();
    double c = "fault".equals(p.getPredictedClass()) ? fault : 1 - fault;
    return new Confidence(p.getModel(), p.getModelVersion(), p.getTool(), c);
  }

  /** Streams settings: exactly-once v2, earliest offsets on first start. */
  public static Properties streamsConfig(
      String bootstrapServers, EstimateConfig config, Path stateDir) {
    return DriftStreams.config(
        bootstrapServers,
        config.applicationId(),
        stateDir,
        config.streamThreads(),
        config.registryUrl());
  }
}
