package io.fabstream.drift.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded stream of observations replayed through the data drift check as a monitor would see it
 * live: the first {@code referenceSize} observations set the reference, the rest are cut into
 * tumbling windows of {@code windowSize} (a trailing part shorter than a window is not judged), and
 * each window gets a verdict.
 */
public final class DriftReplay {

  /**
   * One observation in stream order.
   *
   * @param id wafer or window id
   * @param segment the campaign, experiment or period it belongs to (to score the verdicts)
   * @param features its feature values
   */
  public record Observation(String id, String segment, Map<String, Double> features) {}

  /**
   * One judged window.
   *
   * @param first index of its first observation in the replayed list
   * @param segments observations per segment, in stream order
   * @param verdict the check's verdict
   */
  public record Window(int first, Map<String, Integer> segments, DataDriftVerdict verdict) {

    /** Whether every observation of the window is from {@code segment}. */
    public boolean onlyFrom(String segment) {
      return segments.size() == 1 && segments.containsKey(segment);
    }
  }

  /**
   * The outcome of one replay.
   *
   * @param referenceSegments observations per segment in the reference
   * @param windows the judged windows in order
   */
  public record Outcome(Map<String, Integer> referenceSegments, List<Window> windows) {

    /** The windows that alarmed. */
    public List<Window> alarms() {
      return windows.stream().filter(w -> w.verdict().alarm()).toList();
    }

    /**
     * Observations of {@code segment} the monitor had seen when the first alarming window that
     * holds any of them closed, or -1 when none alarmed.
     */
    public int detectionDelay(String segment) {
      int seen = 0;
      for (Window w : windows) {
        seen += w.segments().getOrDefault(segment, 0);
        if (w.segments().containsKey(segment) && w.verdict().alarm()) {
          return seen;
        }
      }
      return -1;
    }
  }

  private final DataDriftCheck check;
  private final int referenceSize;
  private final int windowSize;

  /**
   * @param check the rule
   * @param referenceSize observations that set the reference, at least 2
   * @param windowSize observations per judged window, at least 2
   */
  public DriftReplay(DataDriftCheck check, int referenceSize, int windowSize) {
    if (referenceSize < 2) {
      throw new IllegalArgumentException("the reference needs at least 2 observations");
    }
    if (windowSize < 2) {
      throw new IllegalArgumentException("a window needs at least 2 observations");
    }
    this.check = check;
    this.referenceSize = referenceSize;
    this.windowSize = windowSize;
  }

  /** Replays {@code stream}, which must hold at least the reference and one window. */
  public Outcome replay(List<Observation> stream) {
    if (stream.size() < referenceSize + windowSize) {
      throw new IllegalArgumentException(
          "a replay needs at least "
              + (referenceSize + windowSize)
              + " observations (reference "
              + referenceSize
              + " + one window of "
              + windowSize
              + "), got "
              + stream.size());
    }
    List<Observation> ref = stream.subList(0, referenceSize);
    DataDriftReference reference =
        DataDriftReference.fit(
            ref.stream().map(Observation::features).toList(), check.config().bins());
    List<Window> windows = new ArrayList<>();
    for (int start = referenceSize; start + windowSize <= stream.size(); start += windowSize) {
      FeatureWindow w = reference.newWindow();
      Map<String, Integer> segments = new LinkedHashMap<>();
      for (Observation o : stream.subList(start, start + windowSize)) {
        w.add(o.features());
        segments.merge(o.segment(), 1, Integer::sum);
      }
      windows.add(new Window(start, segments, check.evaluate(w)));
    }
    return new Outcome(segmentsOf(ref), windows);
  }

  private static Map<String, Integer> segmentsOf(List<Observation> observations) {
    Map<String, Integer> segments = new LinkedHashMap<>();
    observations.forEach(o -> segments.merge(o.segment(), 1, Integer::sum));
    return segments;
  }
}
