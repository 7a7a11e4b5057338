package io.fabstream.ingest.replay;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;

/**
 * Where replayed dataset records go. An interface rather than a Kafka producer so tests can collect
 * records in memory and the launcher can point a replay at Kafka ({@link KafkaReplaySink}) without
 * the replay logic knowing about topics or serializers.
 */
public interface ReplaySink extends AutoCloseable {

  /** One inspected wafer's die map. */
  void onWaferMap(WaferMap map);

  /** One sensor sample of a processed wafer. */
  void onTraceSample(TraceSample sample);

  /** One label, after its delay. */
  void onGroundTruth(GroundTruth label);

  /** Blocks until everything handed over so far is delivered; rethrows a delivery failure. */
  void flush();

  @Override
  void close();
}
