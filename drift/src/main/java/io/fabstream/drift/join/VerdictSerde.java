package io.fabstream.drift.join;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link Verdict}'s state encoding as a serde, for the wafer repartition topic. */
public final class VerdictSerde implements Serde<Verdict> {

  @Override
  public Serializer<Verdict> serializer() {
    return (topic, v) -> v == null ? null : v.toBytes();
  }

  @Override
  public Deserializer<Verdict> deserializer() {
    return (topic, bytes) -> bytes == null ? null : Verdict.fromBytes(bytes);
  }
}
