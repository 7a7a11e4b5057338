package io.fabstream.ingest.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a producer to a steady records-per-second rate against the wall clock (no catch-up bursts
 * beyond what was lost to a slow sink). A rate of 0 never waits.
 */
final class RatePacer {

  private final double nanosPerRecord;
  private final long startNanos = System.nanoTime();
  private long records;

  RatePacer(double recordsPerSecond) {
    this.nanosPerRecord = recordsPerSecond > 0 ? 1e9 / recordsPerSecond : 0;
  }

  /** Waits until the next record is due. */
  void awaitNext() {
    if (nanosPerRecord > 0) {
      long due = startNanos + (long) (records * nanosPerRecord);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    records++;
  }
}
