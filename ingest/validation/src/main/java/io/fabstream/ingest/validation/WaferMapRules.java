package io.fabstream.ingest.validation;

import io.fabstream.schemas.WaferMap;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * What a wafer map must satisfy before the wafer-map model may see it: identified (wafer, lot,
 * product, tool, step), a slot that exists in a carrier, a plausible inspection time, and a die
 * grid whose shape and contents the CNN's preprocessing can rely on.
 */
public final class WaferMapRules {

  private final EventTimeRule eventTime;
  private final int maxGridSide;
  private final int maxSlot;

  public WaferMapRules(EventTimeRule eventTime, int maxGridSide, int maxSlot) {
    this.eventTime = eventTime;
    this.maxGridSide = maxGridSide;
    this.maxSlot = maxSlot;
  }

  /** Builds the rules from the app's configuration. */
  public static WaferMapRules from(ValidationConfig config) {
    return new WaferMapRules(EventTimeRule.from(config), config.maxGridSide(), config.maxSlot());
  }

  /** Checks one map at wall-clock {@code nowMillis}; the first failing rule decides. */
  public Verdict<WaferMap> check(WaferMap map, long nowMillis) {
    return Verdict.firstFailure(
        map,
        () ->
            FieldChecks.required(
                "waferId", map.getWaferId(),
                "lot", map.getLot(),
                "product", map.getProduct(),
                "tool", map.getTool(),
                "step", map.getStep()),
        () -> slot(map),
        () -> eventTime.check("inspectedAt", map.getInspectedAt(), nowMillis),
        () -> gridShape(map),
        () -> gridLength(map),
        () -> dieValues(map),
        () -> binCodes(map));
  }

  private Optional<Rejection> slot(WaferMap map) {
    if (map.getSlot() < 1 || map.getSlot() > maxSlot) {
      return reject(
          ReasonCode.SLOT_OUT_OF_RANGE,
          "slot " + map.getSlot() + " of wafer " + map.getWaferId() + " is outside 1.." + maxSlot);
    }
    return Optional.empty();
  }

  private Optional<Rejection> gridShape(WaferMap map) {
    if (map.getRows() < 1 || map.getRows() > maxGridSide) {
      return reject(
          ReasonCode.DIE_GRID_SHAPE, "rows " + map.getRows() + " is outside 1.." + maxGridSide);
    }
    if (map.getCols() < 1 || map.getCols() > maxGridSide) {
      return reject(
          ReasonCode.DIE_GRID_SHAPE, "cols " + map.getCols() + " is outside 1.." + maxGridSide);
    }
    return Optional.empty();
  }

  private Optional<Rejection> gridLength(WaferMap map) {
    int expected = map.getRows() * map.getCols();
    int actual = map.getDies() == null ? 0 : map.getDies().remaining();
    if (actual != expected) {
      return reject(
          ReasonCode.DIE_GRID_LENGTH,
          "dies holds "
              + actual
              + " bytes but rows x cols = "
              + map.getRows()
              + " x "
              + map.getCols()
              + " = "
              + expected);
    }
    return Optional.empty();
  }

  private Optional<Rejection> dieValues(WaferMap map) {
    ByteBuffer dies = map.getDies();
    int onWafer = 0;
    for (int i = 0; i < dies.remaining(); i++) {
      byte die = dies.get(dies.position() + i);
      if (die < 0 || die > 2) {
        return reject(
            ReasonCode.DIE_VALUE,
            "dies["
                + i
                + "] (row "
                + i / map.getCols()
                + ", col "
                + i % map.getCols()
                + ") is "
                + die
                + ", expected 0 (no die), 1 (pass) or 2 (fail)");
      }
      if (die != 0) {
        onWafer++;
      }
    }
    if (onWafer == 0) {
      return reject(
          ReasonCode.DIE_GRID_EMPTY,
          "dies has no die on the wafer (all "
              + dies.remaining()
              + " positions are 0), so yield is undefined");
    }
    return Optional.empty();
  }

  private Optional<Rejection> binCodes(WaferMap map) {
    List<Integer> codes = map.getBinCodes();
    if (codes != null && codes.size() != map.getRows() * map.getCols()) {
      return reject(
          ReasonCode.BIN_CODES_LENGTH,
          "binCodes holds "
              + codes.size()
              + " codes but the grid has "
              + map.getRows() * map.getCols()
              + " dies");
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(ReasonCode code, String reason) {
    return Optional.of(new Rejection(code, reason));
  }
}
