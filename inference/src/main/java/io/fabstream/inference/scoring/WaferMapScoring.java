package io.fabstream.inference.scoring;

import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.wafer.WaferCnn;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.FramedAvro;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;

/** Wafer maps scored by the wafer-map CNN. */
public final class WaferMapScoring implements ScoringKind<WaferMap, WaferPrediction> {

  private static final long serialVersionUID = 1L;

  private transient FramedAvro.Reader<WaferMap> reader;

  @Override
  public String name() {
    return "wafer";
  }

  @Override
  public String architecture() {
    return WaferCnn.TYPE;
  }

  @Override
  public void open(String registryUrl) {
    reader =
        new FramedAvro.Reader<>(
            WaferMap.class,
            registryUrl,
            FabSerdes.valueDeserializer(TopicCatalog.WAFER_MAPS, registryUrl));
  }

  @Override
  public WaferMap decode(SourceRecord record) {
    if (record.value == null) {
      throw new IllegalArgumentException("record has no value (tombstone)");
    }
    WaferMap map = reader.read(record.topic, record.value);
    if (map == null) {
      throw new IllegalArgumentException("value decodes to nothing");
    }
    return map;
  }

  @Override
  public String key(WaferPrediction prediction) {
    return prediction.getWaferId();
  }

  @Override
  public BatchScorer<WaferMap, WaferPrediction> scorer(ModelRunner runner, int maxBatch) {
    return new WaferMapScorer(runner, maxBatch);
  }
}
