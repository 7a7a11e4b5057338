package io.fabstream.features.lot;

import java.util.Arrays;

/**
 * Everything lot tracking keeps of an open lot apart from its wafers: product, when it opened, its
 * route and lot-level sensor moments, and the bookkeeping of its TTL timer. One small Flink POJO in
 * a {@code ValueState}, read and written once per applied input.
 */
public class LotState {

  /** Sentinel for "no timestamp" / "no timer". */
  public static final long NONE = Long.MIN_VALUE;

  public String product;

  /** Earliest START applied, or {@link #NONE}. */
  public long startedAt = NONE;

  /** Earliest event time of any applied input. */
  public long firstInputAt = Long.MAX_VALUE;

  /** Latest event time of any applied input: the TTL counts from here. */
  public long lastActivity = NONE;

  /** The registered TTL timer, or {@link #NONE}. */
  public long ttlTimer = NONE;

  /** Id the next route step gets. */
  public int nextStepId;

  /** Route steps ordered by the time the lot moved into them. */
  public RouteStep[] route = new RouteStep[0];

  /** Lot-level sensor moments. */
  public SensorMoments sensors = new SensorMoments();

  /** Step-aligned windows of the lot that the window model called faulty. */
  public int anomalousWindows;

  public LotState() {}

  /** START time when a START was seen, else the first input's time. */
  long openedAt() {
    return startedAt != NONE ? startedAt : firstInputAt;
  }

  /** Notes an applied input's event time. */
  void touch(long eventTime) {
    firstInputAt = Math.min(firstInputAt, eventTime);
    lastActivity = Math.max(lastActivity, eventTime);
  }

  void start(long eventTime) {
    startedAt = startedAt == NONE ? eventTime : Math.min(startedAt, eventTime);
  }

  /**
   * Adds the step a MOVE enters, in time order (a late MOVE goes where it belongs, after steps
   * entered at the same time).
   */
  void enter(String step, long eventTime) {
    int at = route.length;
    while (at > 0 && route[at - 1].enteredAt > eventTime) {
      at--;
    }
    RouteStep[] longer = new RouteStep[route.length + 1];
    System.arraycopy(route, 0, longer, 0, at);
    longer[at] = RouteStep.entered(nextStepId++, step, eventTime);
    System.arraycopy(route, at, longer, at + 1, route.length - at);
    route = longer;
  }

  /** The step the lot was in at {@code eventTime}: the latest entered at or before it, or null. */
  RouteStep stepAt(long eventTime) {
    for (int i = route.length - 1; i >= 0; i--) {
      if (route[i].enteredAt <= eventTime) {
        return route[i];
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "LotState{product="
        + product
        + ", opened="
        + openedAt()
        + ", last="
        + lastActivity
        + ", route="
        + Arrays.stream(route).map(s -> s.name + "@" + s.enteredAt).toList()
        + "}";
  }
}
