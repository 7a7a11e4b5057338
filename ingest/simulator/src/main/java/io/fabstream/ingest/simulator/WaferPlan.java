package io.fabstream.ingest.simulator;

import io.fabstream.schemas.DefectPattern;
import java.time.Instant;

/**
 * What will happen to one wafer of a planned lot: its chamber run (with any fault), its defect
 * pattern and when its map is taken. Everything random about the wafer is decided here, so the
 * records generated from a plan are a pure function of it.
 *
 * @param waferId wafer id, {@code <lot>-W<slot>}
 * @param slot carrier slot 1..25
 * @param run the etch chamber run
 * @param pattern defect pattern of the wafer map
 * @param inspectedAt event time of the wafer map
 */
public record WaferPlan(
    String waferId, int slot, ChamberRun run, DefectPattern pattern, Instant inspectedAt) {}
