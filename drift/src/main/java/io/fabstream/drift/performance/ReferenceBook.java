package io.fabstream.drift.performance;

import io.fabstream.drift.stats.StateCodec;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What each scope's stream showed while it was taken as good: the labelled successes of each metric
 * over its first {@code windows} tumbling windows with enough labels. A model card is measured on
 * the training data's distribution; a fab's tools, products and labelling habits differ, and a
 * monitor held only to the card alarms from its first hour on. Held to the lower of the card and
 * this reference, it still flags a model that fell short of its card (in the first report, through
 * the details) and then flags what changes after.
 */
final class ReferenceBook implements PerformanceReports.References {

  static final String STORE = "performance-reference";

  private final KeyValueStore<String, byte[]> store;
  private final int windows;
  private final String scopeKey;

  ReferenceBook(KeyValueStore<String, byte[]> store, int windows, String scopeKey) {
    this.store = store;
    this.windows = windows;
    this.scopeKey = scopeKey;
  }

  private record Entry(int windows, long successes, long n) {

    byte[] toBytes() {
      return StateCodec.encode(
          1,
          out -> {
            out.writeInt(windows);
            out.writeLong(successes);
            out.writeLong(n);
          });
    }

    static Entry fromBytes(byte[] b) {
      return StateCodec.decode(
          b,
          "ReferenceEntry",
          1,
          (in, version) -> new Entry(in.readInt(), in.readLong(), in.readLong()));
    }
  }

  private Entry entry(String metric) {
    byte[] b = store.get(scopeKey + "|" + metric);
    return b == null ? new Entry(0, 0, 0) : Entry.fromBytes(b);
  }

  @Override
  public boolean enabled() {
    return windows > 0;
  }

  @Override
  public Optional<Double> of(String metric) {
    Entry e = entry(metric);
    return e.windows() >= windows && e.n() > 0
        ? Optional.of(e.successes() / (double) e.n())
        : Optional.empty();
  }

  @Override
  public void observe(String metric, long k, long n) {
    Entry e = entry(metric);
    store.put(
        scopeKey + "|" + metric,
        new Entry(e.windows() + 1, e.successes() + k, e.n() + n).toBytes());
  }
}
