package io.fabstream.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The embedded run's one-line-per-second view of what flows: each counter's total and its rate over
 * the last interval. Stages register their own counters, so each later stage adds itself to the
 * line.
 */
final class LiveSummary {

  private final Map<String, LongSupplier> counters = new LinkedHashMap<>();
  private final Map<String, Long> previous = new LinkedHashMap<>();
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;

  /** Adds a counter shown as {@code label total(+rate/s)}. */
  LiveSummary counter(String label, LongSupplier total) {
    counters.put(label, total);
    previous.put(label, 0L);
    return this;
  }

  /** Renders the line for now and remembers the totals for the next rate. */
  synchronized String line() {
    long now = System.nanoTime();
    double secs = Math.max(1e-3, (now - lastNanos) / 1e9);
    List<String> parts = new ArrayList<>();
    parts.add(String.format(Locale.ROOT, "t=%4ds", (now - startNanos) / 1_000_000_000L));
    for (Map.Entry<String, LongSupplier> e : counters.entrySet()) {
      long total = e.getValue().getAsLong();
      long delta = total - previous.get(e.getKey());
      previous.put(e.getKey(), total);
      parts.add(String.format(Locale.ROOT, "%s %d(+%.0f/s)", e.getKey(), total, delta / secs));
    }
    lastNanos = now;
    return String.join(" | ", parts);
  }

  void print(PrintStream out) {
    out.println(line());
    out.flush();
  }

  /** Current totals by label, for the final report and tests. */
  synchronized Map<String, Long> totals() {
    Map<String, Long> m = new LinkedHashMap<>();
    counters.forEach((k, v) -> m.put(k, v.getAsLong()));
    return m;
  }
}
