package io.fabstream.drift.join;

import io.fabstream.drift.InternalAvro;
import io.fabstream.schemas.GroundTruth;

/** A waiting label in the join's state (no registry id: the store is this application's own). */
final class LabelCodec {

  private static final InternalAvro<GroundTruth> AVRO = new InternalAvro<>(GroundTruth.class);

  private LabelCodec() {}

  static byte[] toBytes(GroundTruth label) {
    return AVRO.toBytes(label);
  }

  static GroundTruth fromBytes(byte[] bytes) {
    return AVRO.fromBytes(bytes);
  }
}
