package io.fabstream.ingest.replay;

import io.fabstream.schemas.GroundTruth;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Labels waiting for their delay to pass in replayed event time, released in {@code observedAt}
 * order, so a consumer never sees a label before the data it labels, and late labels arrive late.
 */
final class PendingLabels {

  private final PriorityQueue<GroundTruth> queue =
      new PriorityQueue<>(
          Comparator.comparing(GroundTruth::getObservedAt)
              .thenComparing(GroundTruth::getSubjectId));

  void add(GroundTruth label) {
    queue.add(label);
  }

  /** Releases every label observed at or before {@code watermark}; returns how many. */
  long releaseUpTo(Instant watermark, Consumer<GroundTruth> out) {
    long n = 0;
    while (!queue.isEmpty() && !queue.peek().getObservedAt().isAfter(watermark)) {
      out.accept(queue.poll());
      n++;
    }
    return n;
  }

  /** Releases everything left; returns how many. */
  long releaseAll(Consumer<GroundTruth> out) {
    long n = queue.size();
    while (!queue.isEmpty()) {
      out.accept(queue.poll());
    }
    return n;
  }
}
