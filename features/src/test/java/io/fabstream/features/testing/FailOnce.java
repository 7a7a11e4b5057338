package io.fabstream.features.testing;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Wraps a job's Kafka reader and fails the task once, on the first record read after the test
 * {@linkplain #arm(String) arms} it: the forced failure a restart-from-checkpoint test needs. The
 * switch is static because the MiniCluster runs the task in the test's JVM.
 */
public final class FailOnce<T> implements KafkaRecordDeserializationSchema<T> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicBoolean> ARMED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicBoolean> FIRED = new ConcurrentHashMap<>();

  private final String name;
  private final KafkaRecordDeserializationSchema<T> delegate;

  public FailOnce(String name, KafkaRecordDeserializationSchema<T> delegate) {
    this.name = name;
    this.delegate = delegate;
    ARMED.put(name, new AtomicBoolean(false));
    FIRED.put(name, new AtomicBoolean(false));
  }

  /** The next record read by a reader with this name fails its task, once. */
  public static void arm(String name) {
    ARMED.get(name).set(true);
  }

  /** Whether the failure has happened. */
  public static boolean fired(String name) {
    return FIRED.get(name).get();
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    delegate.open(context);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out)
      throws IOException {
    if (ARMED.get(name).compareAndSet(true, false)) {
      FIRED.get(name).set(true);
      throw new IOException(
          "forced failure at " + record.topic() + "/" + record.partition() + "@" + record.offset());
    }
    delegate.deserialize(record, out);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return delegate.getProducedType();
  }
}
