package io.fabstream.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class KafkaFabEventSinkITCase {

  @Test
  void simulatedLotsReachTheRawTopicsWithTheirKeys() {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    SimulationSummary summary;
    Map<String, Long> acknowledged;
    try (KafkaFabEventSink sink = new KafkaFabEventSink(bootstrap, registry)) {
      summary = new FabSimulator(SimulatorConfig.defaults().withTraceRateHz(2)).run(sink, 2);
      acknowledged = sink.counts();
    }

    assertThat(acknowledged)
        .containsEntry(TopicCatalog.RAW_WAFER_MAPS.name(), summary.waferMaps())
        .containsEntry(TopicCatalog.RAW_TRACE_SAMPLES.name(), summary.traceSamples())
        .containsEntry(TopicCatalog.RAW_LOT_EVENTS.name(), summary.lotEvents())
        .containsEntry(TopicCatalog.GROUND_TRUTH.name(), summary.labels());
    assertThat(summary.waferMaps()).isEqualTo(50);
    assertThat(summary.lotEvents()).isEqualTo(8);

    Map<String, Long> consumed = new HashMap<>();
    Deserializer<WaferMap> maps = FabSerdes.valueDeserializer(TopicCatalog.WAFER_MAPS, registry);
    Deserializer<LotEvent> lotEvents =
        FabSerdes.valueDeserializer(TopicCatalog.LOT_EVENTS, registry);
    List<String> topics =
        List.of(
            TopicCatalog.RAW_WAFER_MAPS.name(),
            TopicCatalog.RAW_TRACE_SAMPLES.name(),
            TopicCatalog.RAW_LOT_EVENTS.name(),
            TopicCatalog.GROUND_TRUTH.name());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(topics);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  consumed.merge(r.topic(), 1L, Long::sum);
                  if (r.topic().equals(TopicCatalog.RAW_WAFER_MAPS.name())) {
                    assertThat(r.key())
                        .isEqualTo(maps.deserialize(r.topic(), r.value()).getWaferId());
                  } else if (r.topic().equals(TopicCatalog.RAW_LOT_EVENTS.name())) {
                    assertThat(r.key())
                        .isEqualTo(lotEvents.deserialize(r.topic(), r.value()).getLot());
                  } else if (r.topic().equals(TopicCatalog.RAW_TRACE_SAMPLES.name())) {
                    assertThat(r.key()).matches("ETCH-0[12]/PM[12]");
                  }
                }
                return consumed.equals(acknowledged);
              });
    } finally {
      maps.close();
      lotEvents.close();
    }
  }
}
