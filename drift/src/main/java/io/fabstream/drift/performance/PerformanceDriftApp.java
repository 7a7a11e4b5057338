package io.fabstream.drift.performance;

import io.fabstream.drift.DriftStreams;
import io.fabstream.drift.InternalAvro;
import io.fabstream.drift.WallClockStamp;
import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.drift.estimate.Calibrations;
import io.fabstream.drift.stats.PerformanceCheck;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.LabelledPrediction;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * Performance drift: labelled predictions counted per model version and scope (everything, each
 * tool, each chamber, each product) in tumbling and rolling windows of label time, each window
 * checked against the version's model card when it closes ({@link PerformanceReports}). Reports go
 * to {@link TopicCatalog#DRIFT_REPORTS} once per window and scope, so a dashboard and the alerting
 * app see settled figures, never a window still filling.
 */
public final class PerformanceDriftApp {

  /** Every catalog topic the app reads or writes. */
  public static final List<Topic<?, ?>> TOPICS =
      List.of(TopicCatalog.LABELLED_PREDICTIONS, TopicCatalog.DRIFT_REPORTS);

  private PerformanceDriftApp() {}

  /** The topology; baselines from {@code baselines}, counts to {@code meters}. */
  public static Topology buildTopology(
      PerformanceConfig config, ModelBaselines baselines, MeterRegistry meters) {
    Calibrations calibrations = Calibrations.of(baselines);
    Counter unknownModels =
        Counter.builder("fabstream.drift.performance.unknown.version")
            .description("Labelled predictions of a model version with no published baseline")
            .register(meters);
    Counter reports =
        Counter.builder("fabstream.drift.performance.reports")
            .description("Performance reports written")
            .register(meters);
    Counter drifted =
        Counter.builder("fabstream.drift.performance.drifted")
            .description("Performance reports that found drift")
            .register(meters);
    Serde<LabelledPrediction> labelledSerde =
        FabSerdes.valueSerde(TopicCatalog.LABELLED_PREDICTIONS, config.registryUrl());
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, LabelledPrediction> labelled =
        builder.stream(
            TopicCatalog.LABELLED_PREDICTIONS.name(),
            Consumed.with(Serdes.String(), labelledSerde)
                .withName("labelled-predictions")
                // windows of label time, whenever the record was written
                .withTimestampExtractor(
                    (record, previous) ->
                        record.value() instanceof LabelledPrediction p
                            ? p.getLabelledAt().toEpochMilli()
                            : record.timestamp()));
    KGroupedStream<String, LabelledPrediction> byScope =
        labelled
            .filter((k, p) -> p != null && !p.getLate(), Named.as("timely"))
            .flatMap(
                (k, p) -> {
                  if (baselines.of(p.getModel(), p.getModelVersion()).isEmpty()) {
                    unknownModels.increment();
                  }
                  List<KeyValue<String, LabelledPrediction>> out = new ArrayList<>();
                  for (Scope s : Scope.of(p)) {
                    out.add(KeyValue.pair(s.key(), p));
                  }
                  return out;
                },
                Named.as("scopes"))
            .groupByKey(
                Grouped.with(
                    "by-scope",
                    Serdes.String(),
                    new InternalAvro<>(LabelledPrediction.class).serde()));
    builder.addStateStore(
        org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
            org.apache.kafka.streams.state.Stores.persistentKeyValueStore(ReferenceBook.STORE),
            Serdes.String(),
            Serdes.ByteArray()));
    PerformanceReports make =
        new PerformanceReports(new PerformanceCheck(config.check()), config.minClassSupport());
    for (String kind : List.of("tumbling", "rolling")) {
      TimeWindows windows =
          kind.equals("tumbling")
              ? TimeWindows.ofSizeAndGrace(config.window(), config.grace())
              : TimeWindows.ofSizeAndGrace(config.rolling(), config.grace())
                  .advanceBy(config.window());
      byScope
          .windowedBy(windows)
          .aggregate(
              PerformanceTally::empty,
              (key, p, tally) -> tally.add(p, classes(baselines, p), calibrations),
              Named.as(kind + "-tally"),
              Materialized
                  .<String, PerformanceTally,
                      org.apache.kafka.streams.state.WindowStore<
                          org.apache.kafka.common.utils.Bytes, byte[]>>
                      as(kind + "-performance")
                  .withKeySerde(Serdes.String())
                  .withValueSerde(PerformanceTally.serde())
                  .withRetention(config.rolling().plus(config.grace()).plus(config.window())))
          .suppress(
              Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                  .withName(kind + "-closed"))
          .toStream(Named.as(kind + "-windows"))
          .process(
              () -> new ReportProcessor(kind, make, baselines, config, reports, drifted),
              Named.as(kind + "-reports"),
              ReferenceBook.STORE)
          .processValues(WallClockStamp::new, Named.as(kind + "-stamp"))
          .to(
              TopicCatalog.DRIFT_REPORTS.name(),
              Produced.with(
                      Serdes.String(),
                      FabSerdes.valueSerde(TopicCatalog.DRIFT_REPORTS, config.registryUrl()))
                  .withName(kind + "-drift-reports"));
    }
    return builder.build();
  }

  /** The classes a prediction is counted over: its version's, or the two of a trace model. */
  static List<String> classes(ModelBaselines baselines, LabelledPrediction p) {
    Optional<ModelBaselines.Baseline> b = baselines.of(p.getModel(), p.getModelVersion());
    if (b.isPresent()) {
      return b.get().labels();
    }
    return p.getSubjectKind().equals("WAFER_MAP")
        ? List.of(p.getPredictedClass(), p.getActualClass()).stream().distinct().toList()
        : List.of("normal", "fault");
  }

  /** Streams settings: exactly-once v2, earliest offsets on first start. */
  public static Properties streamsConfig(
      String bootstrapServers, PerformanceConfig config, Path stateDir) {
    return DriftStreams.config(
        bootstrapServers,
        config.applicationId(),
        stateDir,
        config.streamThreads(),
        config.registryUrl());
  }
}
