package io.fabstream.inference.scoring;

import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.trace.TraceLstm;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.FramedAvro;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;

/** Multivariate sensor windows scored by the trace model. */
public final class MtsWindowScoring implements ScoringKind<MtsWindow, TracePrediction> {

  private static final long serialVersionUID = 1L;

  private transient FramedAvro.Reader<MtsWindow> reader;

  @Override
  public String name() {
    return "window";
  }

  @Override
  public String architecture() {
    return TraceLstm.TYPE;
  }

  @Override
  public void open(String registryUrl) {
    reader =
        new FramedAvro.Reader<>(
            MtsWindow.class,
            registryUrl,
            FabSerdes.valueDeserializer(TopicCatalog.MTS_WINDOWS, registryUrl));
  }

  @Override
  public MtsWindow decode(SourceRecord record) {
    if (record.value == null) {
      throw new IllegalArgumentException("record has no value (tombstone)");
    }
    MtsWindow window = reader.read(record.topic, record.value);
    if (window == null) {
      throw new IllegalArgumentException("value decodes to nothing");
    }
    return window;
  }

  @Override
  public String key(TracePrediction prediction) {
    return prediction.getWindowId();
  }

  @Override
  public BatchScorer<MtsWindow, TracePrediction> scorer(ModelRunner runner, int maxBatch) {
    return new MtsWindowScorer(runner, maxBatch);
  }
}
