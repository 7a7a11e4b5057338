package io.fabstream.ingest.replay;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a replay sends, in order, so tests can look at content and sequence. */
final class RecordingSink implements ReplaySink {

  final List<WaferMap> maps = new ArrayList<>();
  final List<TraceSample> samples = new ArrayList<>();
  final List<GroundTruth> labels = new ArrayList<>();
  final List<Object> sequence = new ArrayList<>();
  int flushes;
  boolean closed;

  @Override
  public void onWaferMap(WaferMap map) {
    maps.add(map);
    sequence.add(map);
  }

  @Override
  public void onTraceSample(TraceSample sample) {
    samples.add(sample);
    sequence.add(sample);
  }

  @Override
  public void onGroundTruth(GroundTruth label) {
    labels.add(label);
    sequence.add(label);
  }

  @Override
  public void flush() {
    flushes++;
  }

  @Override
  public void close() {
    closed = true;
  }
}
