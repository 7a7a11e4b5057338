package io.fabstream.ingest.simulator;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;

/**
 * Where the simulated fab's records go, in event-time order. An interface so tests collect records
 * in memory and the launcher sends them to Kafka ({@link KafkaFabEventSink}) with the same
 * simulator.
 */
public interface FabEventSink extends AutoCloseable {

  /** One inspected wafer's die map. */
  void onWaferMap(WaferMap map);

  /** One chamber's sensor reading. */
  void onTraceSample(TraceSample sample);

  /** A lot released, moved or finished. */
  void onLotEvent(LotEvent event);

  /** A label, at the time it becomes known. */
  void onGroundTruth(GroundTruth label);

  /** Blocks until everything handed over so far is delivered; rethrows a delivery failure. */
  void flush();

  @Override
  void close();
}
