package io.fabstream.features.lot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it receives where the test can read it. The sink is serialized into the
 * MiniCluster, so the records live in a static map under the sink's name.
 */
final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();

  private final String name;

  CollectingSink(String name) {
    this.name = name;
    RECEIVED.put(name, new CopyOnWriteArrayList<>());
  }

  /** What the sink has received so far. */
  @SuppressWarnings("unchecked")
  List<T> received() {
    return (List<T>) List.copyOf(RECEIVED.get(name));
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> target = RECEIVED.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        target.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
