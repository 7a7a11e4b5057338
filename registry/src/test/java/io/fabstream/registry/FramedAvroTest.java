package io.fabstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.schemas.DefectPattern;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.FramedAvro;
import io.fabstream.schemas.SourceRef;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferPrediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hot-path codec against the Apicurio serdes on the embedded registry: identical bytes out,
 * identical records in, and a clear error for bytes that are not framed.
 */
class FramedAvroTest {

  @Test
  void writesTheSameBytesAsTheRegistrySerializerAndReadsThemBack() {
    String registry = EmbeddedSchemaRegistry.shared().url();
    String topic = "framed-avro-test-" + System.nanoTime();
    var apicurio = FabSerdes.valueSerializer(TopicCatalog.WAFER_PREDICTIONS, registry);
    FramedAvro.Writer<WaferPrediction> writer =
        new FramedAvro.Writer<>(
            FabSerdes.valueSerializer(TopicCatalog.WAFER_PREDICTIONS, registry));
    FramedAvro.Reader<WaferPrediction> reader =
        new FramedAvro.Reader<>(
            WaferPrediction.class,
            registry,
            FabSerdes.valueDeserializer(TopicCatalog.WAFER_PREDICTIONS, registry));
    for (int i = 0; i < 5; i++) {
      WaferPrediction p = prediction(i);
      byte[] fast = writer.write(topic, p);
      assertThat(fast).as("record %d", i).isEqualTo(apicurio.serialize(topic, p));
      assertThat(reader.read(topic, fast)).isEqualTo(p);
    }
    assertThatThrownBy(() -> reader.read(topic, "not framed".getBytes()))
        .hasMessageContaining("not in the Confluent wire format");
  }

  private static WaferPrediction prediction(int i) {
    List<Float> p = new ArrayList<>();
    for (int c = 0; c < DefectPattern.values().length; c++) {
      p.add(c == i % 9 ? 0.9f : 0.0125f);
    }
    return WaferPrediction.newBuilder()
        .setWaferId("W" + i)
        .setLot("L1")
        .setTool("PROBE01")
        .setInspectedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .setPredictedClass(DefectPattern.values()[i % 9].label())
        .setClasses(DefectPattern.labels())
        .setProbabilities(p)
        .setModel("wafer-cnn")
        .setModelVersion("2")
        .setEngine("onnxruntime")
        .setDevice("cpu")
        .setScoredAt(Instant.ofEpochMilli(1_700_000_000_500L))
        .setLineage(
            SourceRef.newBuilder()
                .setTopic("fab.wafer-maps")
                .setPartition(1)
                .setOffset(i)
                .setSchemaId(3)
                .build())
        .build();
  }
}
