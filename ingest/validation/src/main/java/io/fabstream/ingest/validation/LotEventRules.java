package io.fabstream.ingest.validation;

import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a lot event must satisfy before lot tracking opens, moves or closes a lot on it: lot and
 * product named, a known event type, a MOVE that says where the lot went, a wafer list that could
 * be a real carrier, and a plausible event time.
 */
public final class LotEventRules {

  private final EventTimeRule eventTime;
  private final int maxSlot;

  public LotEventRules(EventTimeRule eventTime, int maxSlot) {
    this.eventTime = eventTime;
    this.maxSlot = maxSlot;
  }

  /** Builds the rules from the app's configuration. */
  public static LotEventRules from(ValidationConfig config) {
    return new LotEventRules(EventTimeRule.from(config), config.maxSlot());
  }

  /** Checks one event at wall-clock {@code nowMillis}; the first failing rule decides. */
  public Verdict<LotEvent> check(LotEvent event, long nowMillis) {
    return Verdict.firstFailure(
        event,
        () -> FieldChecks.required("lot", event.getLot(), "product", event.getProduct()),
        () -> eventType(event),
        () -> moveTarget(event),
        () -> wafers(event),
        () -> eventTime.check("eventTime", event.getEventTime(), nowMillis));
  }

  private Optional<Rejection> eventType(LotEvent event) {
    if (event.getEventType() == null || event.getEventType() == LotEventType.UNKNOWN) {
      return Optional.of(
          new Rejection(
              ReasonCode.LOT_EVENT_TYPE_UNKNOWN,
              "eventType of lot "
                  + event.getLot()
                  + " is "
                  + event.getEventType()
                  + ", expected START, MOVE or END"));
    }
    return Optional.empty();
  }

  private Optional<Rejection> moveTarget(LotEvent event) {
    if (event.getEventType() != LotEventType.MOVE) {
      return Optional.empty();
    }
    if (event.getStep() == null || event.getStep().isBlank()) {
      return Optional.of(
          new Rejection(
              ReasonCode.LOT_EVENT_INCOMPLETE,
              "MOVE of lot " + event.getLot() + " has no step (step='" + event.getStep() + "')"));
    }
    if (event.getTool() == null || event.getTool().isBlank()) {
      return Optional.of(
          new Rejection(
              ReasonCode.LOT_EVENT_INCOMPLETE,
              "MOVE of lot " + event.getLot() + " has no tool (tool='" + event.getTool() + "')"));
    }
    return Optional.empty();
  }

  private Optional<Rejection> wafers(LotEvent event) {
    List<String> ids = event.getWaferIds();
    if (ids.size() > maxSlot) {
      return Optional.of(
          new Rejection(
              ReasonCode.LOT_WAFER_LIST,
              "waferIds of lot "
                  + event.getLot()
                  + " lists "
                  + ids.size()
                  + " wafers, more than the "
                  + maxSlot
                  + " slots of a carrier"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      Optional<Rejection> blank = FieldChecks.required("waferIds[" + i + "]", ids.get(i));
      if (blank.isPresent()) {
        return blank;
      }
      if (!seen.add(ids.get(i))) {
        return Optional.of(
            new Rejection(
                ReasonCode.LOT_WAFER_LIST,
                "waferIds["
                    + i
                    + "] '"
                    + ids.get(i)
                    + "' of lot "
                    + event.getLot()
                    + " is listed twice"));
      }
    }
    return Optional.empty();
  }
}
