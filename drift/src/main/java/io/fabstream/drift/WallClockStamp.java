package io.fabstream.drift;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Stamps a record with the time it is written before it leaves for a catalog topic. The drift apps
 * window on the fab's time, taken from the records' own fields, but a Kafka timestamp is what
 * retention and the broker's timestamp checks read: a replay of 1999 data stamped in 1999 would be
 * deleted within a minute, and the simulator's clock, which runs ahead, would be refused.
 *
 * @param <K> key
 * @param <V> value
 */
public final class WallClockStamp<K, V> implements FixedKeyProcessor<K, V, V> {

  private FixedKeyProcessorContext<K, V> context;

  @Override
  public void init(FixedKeyProcessorContext<K, V> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<K, V> record) {
    context.forward(record.withTimestamp(System.currentTimeMillis()));
  }
}
