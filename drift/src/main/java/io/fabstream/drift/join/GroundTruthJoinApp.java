package io.fabstream.drift.join;

import io.fabstream.drift.DriftStreams;
import io.fabstream.drift.WallClockStamp;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelledPrediction;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferPrediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The ground-truth join: wafer-map verdicts, window verdicts and their wafers' merged trace
 * verdicts meet the labels of {@link TopicCatalog#GROUND_TRUTH} by subject, and become {@link
 * LabelledPrediction}s, the input of every performance-drift metric. Labels the join cannot use go
 * whole to {@link TopicCatalog#LATE_LABELS}. Shadow verdicts are not joined: the champion's
 * performance is what drifts; the challenger's is compared offline from its own topic.
 *
 * <p>Verdicts about a wafer's run come one per step window, keyed by window id; they are re-keyed
 * by wafer through a repartition topic so they meet the wafer's label in the same task. Topology
 * and settings are separate so tests drive the topology with {@code TopologyTestDriver}.
 */
public final class GroundTruthJoinApp {

  /** Every catalog topic the join reads or writes. */
  public static final List<Topic<?, ?>> TOPICS =
      List.of(
          TopicCatalog.WAFER_PREDICTIONS,
          TopicCatalog.TRACE_PREDICTIONS,
          TopicCatalog.GROUND_TRUTH,
          TopicCatalog.LABELLED_PREDICTIONS,
          TopicCatalog.LATE_LABELS);

  private GroundTruthJoinApp() {}

  /** The join topology; counts go to {@code metrics}. */
  public static Topology buildTopology(JoinConfig config, JoinMetrics metrics) {
    String registry = config.registryUrl();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(GroundTruthJoinProcessor.VERDICTS),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(GroundTruthJoinProcessor.LABELS),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(GroundTruthJoinProcessor.CLOCK),
            Serdes.String(),
            Serdes.Long()));

    KStream<String, WaferPrediction> maps =
        builder.stream(
            TopicCatalog.WAFER_PREDICTIONS.name(),
            Consumed.with(Serdes.String(), serde(TopicCatalog.WAFER_PREDICTIONS, registry))
                .withName("wafer-predictions"));
    KStream<String, TracePrediction> windows =
        builder.stream(
            TopicCatalog.TRACE_PREDICTIONS.name(),
            Consumed.with(Serdes.String(), serde(TopicCatalog.TRACE_PREDICTIONS, registry))
                .withName("trace-predictions"));
    KStream<String, GroundTruth> labels =
        builder.stream(
            TopicCatalog.GROUND_TRUTH.name(),
            Consumed.with(Serdes.String(), serde(TopicCatalog.GROUND_TRUTH, registry))
                .withName("ground-truth"));

    KStream<String, JoinInput> mapVerdicts =
        maps.filter((k, p) -> p != null && !p.getShadow(), Named.as("champion-map-verdicts"))
            .map(
                (k, p) -> KeyValue.pair(p.getWaferId(), JoinInput.of(Verdict.of(p))),
                Named.as("map-verdict"));
    KStream<String, TracePrediction> champion =
        windows.filter((k, p) -> p != null && !p.getShadow(), Named.as("champion-window-verdicts"));
    KStream<String, JoinInput> windowVerdicts =
        champion.map(
            (k, p) ->
                KeyValue.pair(
                    p.getWindowId(),
                    JoinInput.of(Verdict.of(p, SubjectKinds.WINDOW, p.getWindowId()))),
            Named.as("window-verdict"));
    KStream<String, JoinInput> waferTraceVerdicts =
        champion
            .flatMap(
                (k, p) -> {
                  List<KeyValue<String, Verdict>> out = new ArrayList<>();
                  for (Verdict v : Verdict.ofWafer(p)) {
                    out.add(KeyValue.pair(v.subjectId(), v));
                  }
                  return out;
                },
                Named.as("wafer-trace-verdict"))
            .repartition(
                Repartitioned.with(Serdes.String(), new VerdictSerde())
                    .withName("trace-verdicts-by-wafer"))
            .mapValues(JoinInput::of, Named.as("wafer-trace-input"));
    KStream<String, JoinInput> labelInputs =
        labels
            .filter((k, g) -> g != null, Named.as("labels"))
            .map((k, g) -> KeyValue.pair(g.getSubjectId(), JoinInput.of(g)), Named.as("label"));

    KStream<String, JoinOutput> joined =
        mapVerdicts
            .merge(windowVerdicts, Named.as("merge-windows"))
            .merge(waferTraceVerdicts, Named.as("merge-wafer-traces"))
            .merge(labelInputs, Named.as("merge-labels"))
            .process(
                () -> new GroundTruthJoinProcessor(config, metrics),
                Named.as("join"),
                GroundTruthJoinProcessor.VERDICTS,
                GroundTruthJoinProcessor.LABELS,
                GroundTruthJoinProcessor.CLOCK);
    joined
        .filter((k, o) -> o.labelled() != null, Named.as("labelled"))
        .mapValues(JoinOutput::labelled, Named.as("labelled-value"))
        .processValues(WallClockStamp::new, Named.as("stamp-labelled"))
        .to(
            TopicCatalog.LABELLED_PREDICTIONS.name(),
            Produced.with(Serdes.String(), serde(TopicCatalog.LABELLED_PREDICTIONS, registry))
                .withName("labelled-predictions"));
    joined
        .filter((k, o) -> o.late() != null, Named.as("unused-labels"))
        .mapValues(JoinOutput::late, Named.as("late-value"))
        .processValues(WallClockStamp::new, Named.as("stamp-late"))
        .to(
            TopicCatalog.LATE_LABELS.name(),
            Produced.with(Serdes.String(), serde(TopicCatalog.LATE_LABELS, registry))
                .withName("late-labels"));
    return builder.build();
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> Serde<V> serde(
      Topic<String, V> topic, String registryUrl) {
    return FabSerdes.valueSerde(topic, registryUrl);
  }

  /**
   * Streams settings: exactly-once v2 (a label's joined record, the state change and the input
   * offsets commit together), reading from the earliest offset on first start.
   */
  public static Properties streamsConfig(
      String bootstrapServers, JoinConfig config, Path stateDir) {
    return DriftStreams.config(
        bootstrapServers,
        config.applicationId(),
        stateDir,
        config.streamThreads(),
        config.registryUrl());
  }
}
