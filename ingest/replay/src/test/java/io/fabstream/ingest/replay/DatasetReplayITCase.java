package io.fabstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatasetReplayITCase {

  @Test
  void subsetsOfEveryDatasetReachTheRawAndGroundTruthTopics() {
    Map<DatasetKind, Integer> wafers =
        Map.of(
            DatasetKind.WM811K,
            50,
            DatasetKind.WAFER_TRACES,
            5,
            DatasetKind.LAM9600,
            3,
            DatasetKind.SECOM,
            20);
    wafers.keySet().forEach(SharedData::require);
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    long maps = 0;
    long samples = 0;
    long labels = 0;
    Map<String, Long> acknowledged;
    try (KafkaReplaySink sink = new KafkaReplaySink(bootstrap, registry)) {
      for (Map.Entry<DatasetKind, Integer> e : wafers.entrySet()) {
        ReplayConfig config =
            ReplayConfig.asFastAsPossible(e.getKey(), SharedData.require(e.getKey()))
                .withLimit(e.getValue())
                .withLabelDelay(Duration.ofMinutes(1));
        ReplaySummary summary =
            new DatasetReplay(
                    config,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(sink);
        assertThat(summary.wafers()).isEqualTo(e.getValue().longValue());
        maps += summary.waferMaps();
        samples += summary.traceSamples();
        labels += summary.labels();
      }
      sink.flush();
      acknowledged = sink.counts();
    }

    assertThat(acknowledged)
        .containsEntry(TopicCatalog.RAW_WAFER_MAPS.name(), maps)
        .containsEntry(TopicCatalog.RAW_TRACE_SAMPLES.name(), samples)
        .containsEntry(TopicCatalog.GROUND_TRUTH.name(), labels);
    List<WaferMap> mapsBack =
        TopicReader.readAll(
            bootstrap,
            registry,
            TopicCatalog.RAW_WAFER_MAPS.name(),
            TopicCatalog.WAFER_MAPS,
            (int) maps);
    List<TraceSample> samplesBack =
        TopicReader.readAll(
            bootstrap,
            registry,
            TopicCatalog.RAW_TRACE_SAMPLES.name(),
            TopicCatalog.TRACE_SAMPLES,
            (int) samples);
    List<GroundTruth> labelsBack =
        TopicReader.readAll(
            bootstrap,
            registry,
            TopicCatalog.GROUND_TRUTH.name(),
            TopicCatalog.GROUND_TRUTH,
            (int) labels);
    assertThat(mapsBack).hasSize(50).allSatisfy(m -> assertThat(m.getSource()).isEqualTo("wm811k"));
    assertThat(
            samplesBack.stream()
                .collect(Collectors.groupingBy(TraceSample::getTool, Collectors.counting())))
        .containsOnlyKeys(WaferTraceReader.TOOL, Lam9600Reader.TOOL, SecomReader.TOOL)
        .containsEntry(SecomReader.TOOL, 20L);
    assertThat(samplesBack).hasSize((int) samples);
    assertThat(labelsBack).hasSize(78);
  }
}
