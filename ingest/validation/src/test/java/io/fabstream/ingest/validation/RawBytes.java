package io.fabstream.ingest.validation;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Raw topic values as equipment would send them, good and broken: framed through the real registry
 * with FabSerdes, then truncated, re-framed or replaced as a test needs.
 */
final class RawBytes {

  /** A schema id no registry in these tests hands out. */
  static final int UNREGISTERED_SCHEMA_ID = 987_654;

  private final Serializer<WaferMap> maps;
  private final Serializer<TraceSample> samples;
  private final Serializer<LotEvent> lotEvents;

  RawBytes(String registryUrl) {
    maps = FabSerdes.valueSerializer(TopicCatalog.WAFER_MAPS, registryUrl);
    samples = FabSerdes.valueSerializer(TopicCatalog.TRACE_SAMPLES, registryUrl);
    lotEvents = FabSerdes.valueSerializer(TopicCatalog.LOT_EVENTS, registryUrl);
  }

  byte[] of(WaferMap map) {
    return maps.serialize(TopicCatalog.RAW_WAFER_MAPS.name(), map);
  }

  byte[] of(TraceSample sample) {
    return samples.serialize(TopicCatalog.RAW_TRACE_SAMPLES.name(), sample);
  }

  byte[] of(LotEvent event) {
    return lotEvents.serialize(TopicCatalog.RAW_LOT_EVENTS.name(), event);
  }

  /** Plain JSON, as a misconfigured producer would send. */
  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A good record's Avro body under a schema id nobody registered. */
  static byte[] withUnregisteredId(byte[] framed) {
    return WireFormat.frame(UNREGISTERED_SCHEMA_ID, WireFormat.payload(framed));
  }

  /** A good record cut in half, as a broken producer or a bit flip leaves it. */
  static byte[] truncated(byte[] framed) {
    return Arrays.copyOf(framed, WireFormat.HEADER_LENGTH + (framed.length - 5) / 2);
  }

  /** A good record with garbage after it. */
  static byte[] withTrailingGarbage(byte[] framed) {
    byte[] longer = Arrays.copyOf(framed, framed.length + 3);
    longer[framed.length] = 42;
    return longer;
  }
}
