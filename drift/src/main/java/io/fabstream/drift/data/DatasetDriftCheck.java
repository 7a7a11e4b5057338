package io.fabstream.drift.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How well the data drift check separates real shifts from a stable process on a recorded dataset
 * made of segments in time order (LAM 9600's experiments 29, 31 and 33, weeks apart).
 *
 * <ul>
 *   <li><b>Detection</b>: the whole stream against a reference from the start of the first segment;
 *       every window holding a later segment should alarm, and the delay is the number of the new
 *       segment's observations seen when the first alarm closes. Each later segment is also checked
 *       as its own change: reference from the start of the segment before it.
 *   <li><b>Stability</b>: each segment on its own, reference from its first observations, the rest
 *       of it in windows, in recorded order; none should alarm. Because a few windows give a coarse
 *       rate, the same is repeated on random orders of each segment, which estimates the false
 *       alarm rate of an in-control process.
 * </ul>
 */
public final class DatasetDriftCheck {

  /**
   * What one later segment's change gave.
   *
   * @param segment the segment
   * @param delayFromStart its observations seen at the first alarm against the first segment's
   *     reference (-1: never)
   * @param delayFromPrevious the same against the previous segment's reference (-1: never)
   * @param windows windows holding it, against the first segment's reference
   * @param alarmed of which alarmed
   */
  public record Change(
      String segment, int delayFromStart, int delayFromPrevious, int windows, int alarmed) {}

  /**
   * The whole check.
   *
   * @param stream the whole stream against the first segment's reference
   * @param changes each later segment
   * @param stableWindows windows of the stability check in recorded order
   * @param stableAlarms of which alarmed
   * @param permutedWindows windows of the stability check on random orders
   * @param permutedAlarms of which alarmed
   */
  public record Result(
      DriftReplay.Outcome stream,
      List<Change> changes,
      int stableWindows,
      int stableAlarms,
      int permutedWindows,
      int permutedAlarms) {

    /** Stable windows that alarmed, in recorded order (NaN without stable windows). */
    public double falseAlarmRate() {
      return stableWindows == 0 ? Double.NaN : (double) stableAlarms / stableWindows;
    }

    /** The same on random orders (NaN without permutations). */
    public double permutedFalseAlarmRate() {
      return permutedWindows == 0 ? Double.NaN : (double) permutedAlarms / permutedWindows;
    }
  }

  private final DriftReplay replay;
  private final int referenceSize;
  private final int windowSize;

  public DatasetDriftCheck(DataDriftConfig rule, int referenceSize, int windowSize) {
    this.replay = new DriftReplay(new DataDriftCheck(rule), referenceSize, windowSize);
    this.referenceSize = referenceSize;
    this.windowSize = windowSize;
  }

  /**
   * Runs the check.
   *
   * @param stream observations in time order; their segments must be contiguous
   * @param permutations random orders per segment for the stability estimate (0 for none)
   * @param seed seed of those orders
   * @param progress called once per permutation done (for a progress bar)
   */
  public Result run(
      List<DriftReplay.Observation> stream, int permutations, long seed, Runnable progress) {
    Map<String, List<DriftReplay.Observation>> segments = new LinkedHashMap<>();
    String last = null;
    for (DriftReplay.Observation o : stream) {
      if (!o.segment().equals(last) && segments.containsKey(o.segment())) {
        throw new IllegalArgumentException(
            "segment " + o.segment() + " comes back after " + last + "; sort the stream by time");
      }
      segments.computeIfAbsent(o.segment(), k -> new ArrayList<>()).add(o);
      last = o.segment();
    }
    List<String> names = List.copyOf(segments.keySet());
    DriftReplay.Outcome whole = replay.replay(stream);

    List<Change> changes = new ArrayList<>();
    for (int i = 1; i < names.size(); i++) {
      String s = names.get(i);
      List<DriftReplay.Observation> pair = new ArrayList<>(segments.get(names.get(i - 1)));
      pair.addAll(segments.get(s));
      int fromPrevious =
          pair.size() >= referenceSize + windowSize ? replay.replay(pair).detectionDelay(s) : -1;
      List<DriftReplay.Window> holding =
          whole.windows().stream().filter(w -> w.segments().containsKey(s)).toList();
      changes.add(
          new Change(
              s,
              whole.detectionDelay(s),
              fromPrevious,
              holding.size(),
              (int) holding.stream().filter(w -> w.verdict().alarm()).count()));
    }

    int stableWindows = 0;
    int stableAlarms = 0;
    int permutedWindows = 0;
    int permutedAlarms = 0;
    Random random = new Random(seed);
    for (List<DriftReplay.Observation> seg : segments.values()) {
      if (seg.size() < referenceSize + windowSize) {
        continue;
      }
      DriftReplay.Outcome inOrder = replay.replay(seg);
      stableWindows += inOrder.windows().size();
      stableAlarms += inOrder.alarms().size();
    }
    for (int p = 0; p < permutations; p++) {
      for (List<DriftReplay.Observation> seg : segments.values()) {
        if (seg.size() < referenceSize + windowSize) {
          continue;
        }
        List<DriftReplay.Observation> shuffled = new ArrayList<>(seg);
        Collections.shuffle(shuffled, random);
        DriftReplay.Outcome o = replay.replay(shuffled);
        permutedWindows += o.windows().size();
        permutedAlarms += o.alarms().size();
      }
      progress.run();
    }
    return new Result(whole, changes, stableWindows, stableAlarms, permutedWindows, permutedAlarms);
  }
}
