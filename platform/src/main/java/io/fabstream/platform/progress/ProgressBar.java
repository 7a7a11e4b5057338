package io.fabstream.platform.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A text progress bar for long work (replay, training): done/total, rate and time left, redrawn in
 * place on a terminal and printed as plain lines (at most every few seconds) when output is a log.
 * Thread-safe; {@link #step(long)} is cheap enough for per-record calls.
 */
public final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 30;

  private final String task;
  private final long total;
  private final PrintStream out;
  private final boolean interactive;
  private final long startNanos = System.nanoTime();
  private final long minRedrawNanos;
  private long done;
  private long lastDrawNanos;
  private boolean closed;

  /**
   * @param task what is being done, shown first on the line
   * @param total units of work, or 0 when unknown
   * @param out where to draw (usually {@code System.err})
   */
  public ProgressBar(String task, long total, PrintStream out) {
    this.task = task;
    this.total = Math.max(0, total);
    this.out = out;
    this.interactive = System.console() != null;
    this.minRedrawNanos = interactive ? 200_000_000L : 5_000_000_000L;
  }

  /** Adds {@code n} finished units and redraws when enough time has passed. */
  public synchronized void step(long n) {
    done += n;
    long now = System.nanoTime();
    if (now - lastDrawNanos >= minRedrawNanos) {
      lastDrawNanos = now;
      draw(false);
    }
  }

  /** Units finished so far. */
  public synchronized long done() {
    return done;
  }

  /** The line as it would be drawn now. */
  public synchronized String render() {
    double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    double rate = done / secs;
    StringBuilder sb = new StringBuilder(task).append(' ');
    if (total > 0) {
      double frac = Math.min(1.0, (double) done / total);
      int filled = (int) Math.round(frac * WIDTH);
      sb.append('[')
          .append("#".repeat(filled))
          .append(".".repeat(WIDTH - filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%5.1f%% ", frac * 100))
          .append(done)
          .append('/')
          .append(total);
      if (rate > 0 && done < total) {
        sb.append(" eta ")
            .append(formatDuration(Duration.ofSeconds((long) ((total - done) / rate))));
      }
    } else {
      sb.append(done);
    }
    sb.append(String.format(Locale.ROOT, " %.0f/s", rate));
    return sb.toString();
  }

  private void draw(boolean last) {
    if (interactive) {
      out.print("\r" + render() + (last ? System.lineSeparator() : ""));
    } else {
      out.println(render());
    }
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      draw(true);
    }
  }

  private static String formatDuration(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
