package io.fabstream.ingest.simulator;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the simulator emits, in order, for assertions. */
final class RecordingFabSink implements FabEventSink {

  final List<WaferMap> maps = new ArrayList<>();
  final List<TraceSample> samples = new ArrayList<>();
  final List<LotEvent> lotEvents = new ArrayList<>();
  final List<GroundTruth> labels = new ArrayList<>();
  final List<Object> sequence = new ArrayList<>();
  int flushes;

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
  public void onLotEvent(LotEvent event) {
    lotEvents.add(event);
    sequence.add(event);
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
  public void close() {}

  List<GroundTruth> labels(SubjectKind kind) {
    return labels.stream().filter(l -> l.getSubjectKind() == kind).toList();
  }

  /** Event time of any record: when it happened, or for a label when it became known. */
  static Instant eventTime(Object record) {
    if (record instanceof WaferMap m) {
      return m.getInspectedAt();
    } else if (record instanceof TraceSample s) {
      return s.getEventTime();
    } else if (record instanceof LotEvent e) {
      return e.getEventTime();
    } else {
      return ((GroundTruth) record).getObservedAt();
    }
  }
}
