package io.fabstream.drift.alert;

import io.fabstream.drift.DriftStreams;
import io.fabstream.drift.InternalAvro;
import io.fabstream.drift.WallClockStamp;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerting app: drifted {@link DriftReport}s and each tool's anomaly rate on a p-chart (Western
 * Electric rules 1 to 4) become {@link Alert}s with their evidence, deduplicated with a cooldown;
 * an accuracy drop of a whole model version or a tool also becomes a {@link RetrainRequest} with
 * the data window to retrain on. Both go to their topics exactly-once; the dispatcher delivers them
 * to webhooks and orchestrators.
 */
public final class AlertingApp {

  /** Every catalog topic the app reads or writes. */
  public static final List<Topic<?, ?>> TOPICS =
      List.of(
          TopicCatalog.DRIFT_REPORTS,
          TopicCatalog.TRACE_PREDICTIONS,
          TopicCatalog.ALERTS,
          TopicCatalog.RETRAIN_REQUESTS);

  private AlertingApp() {}

  public static Topology buildTopology(AlertConfig config, AlertMetrics metrics) {
    String registry = config.registryUrl();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CooldownProcessor.LAST_RAISED),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SpcProcessor.CHARTS),
            Serdes.String(),
            Serdes.ByteArray()));
    DriftAlerts rules = new DriftAlerts(config);

    KStream<String, AlertCandidate> fromReports =
        builder.stream(
                TopicCatalog.DRIFT_REPORTS.name(),
                DriftStreams.consumed(TopicCatalog.DRIFT_REPORTS, registry, "drift-reports"))
            .filter((k, r) -> r != null && r.getDrifted(), Named.as("drifted"))
            .mapValues(rules::of, Named.as("report-alert"));

    KStream<String, AlertCandidate> fromCharts =
        builder.stream(
                TopicCatalog.TRACE_PREDICTIONS.name(),
                DriftStreams.consumed(TopicCatalog.TRACE_PREDICTIONS, registry, "trace-predictions")
                    // buckets of the fab's time (window end), not of when the scorer wrote
                    .withTimestampExtractor(
                        (record, previous) ->
                            record.value() instanceof TracePrediction p
                                ? p.getWindowEnd().toEpochMilli()
                                : record.timestamp()))
            .filter(
                (k, p) -> p != null && !p.getShadow() && p.getRecipeStep() != null,
                Named.as("champion-step-windows"))
            .selectKey((k, p) -> p.getTool(), Named.as("by-tool"))
            .groupByKey(
                Grouped.with(
                    "tool-windows",
                    Serdes.String(),
                    new InternalAvro<>(TracePrediction.class).serde()))
            .windowedBy(TimeWindows.ofSizeAndGrace(config.spcBucket(), config.spcGrace()))
            .aggregate(
                AnomalyBucket::empty,
                (tool, p, b) -> b.add(p.getModel(), p.getModelVersion(), isAnomalous(p)),
                Named.as("anomaly-buckets"),
                Materialized
                    .<String, AnomalyBucket,
                        org.apache.kafka.streams.state.WindowStore<
                            org.apache.kafka.common.utils.Bytes, byte[]>>
                        as("anomaly-buckets")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(AnomalyBucket.serde()))
            .suppress(
                Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                    .withName("closed-buckets"))
            .toStream(Named.as("buckets"))
            .map(
                (Windowed<String> w, AnomalyBucket b) ->
                    KeyValue.pair(w.key(), new SpcPoint(b, w.window().start(), w.window().end())),
                Named.as("spc-points"))
            .process(
                () -> new SpcProcessor(config, metrics), Named.as("p-chart"), SpcProcessor.CHARTS);

    KStream<String, AlertCandidate> raised =
        fromReports
            .merge(fromCharts, Named.as("candidates"))
            .selectKey((k, c) -> c.alert().getAlertId(), Named.as("by-alert-id"))
            .repartition(
                Repartitioned.with(Serdes.String(), AlertCandidate.serde())
                    .withName("candidates-by-id")
                    .withNumberOfPartitions(1))
            .process(
                () -> new CooldownProcessor(config, metrics),
                Named.as("cooldown"),
                CooldownProcessor.LAST_RAISED);
    raised
        .mapValues(AlertCandidate::alert, Named.as("alert"))
        .processValues(WallClockStamp::new, Named.as("stamp-alert"))
        .to(
            TopicCatalog.ALERTS.name(),
            Produced.with(Serdes.String(), FabSerdes.valueSerde(TopicCatalog.ALERTS, registry))
                .withName("alerts"));
    raised
        .filter((k, c) -> c.request() != null, Named.as("with-request"))
        .map((k, c) -> KeyValue.pair(c.request().getModel(), c.request()), Named.as("request"))
        .processValues(WallClockStamp::new, Named.as("stamp-request"))
        .to(
            TopicCatalog.RETRAIN_REQUESTS.name(),
            Produced.with(
                    Serdes.String(), FabSerdes.valueSerde(TopicCatalog.RETRAIN_REQUESTS, registry))
                .withName("retrain-requests"));
    return builder.build();
  }

  /** A window the trace model called faulty. */
  static boolean isAnomalous(TracePrediction p) {
    return "fault".equals(p.getPredictedClass());
  }

  public static Properties streamsConfig(
      String bootstrapServers, AlertConfig config, Path stateDir) {
    return DriftStreams.config(
        bootstrapServers,
        config.applicationId(),
        stateDir,
        config.streamThreads(),
        config.registryUrl());
  }
}
