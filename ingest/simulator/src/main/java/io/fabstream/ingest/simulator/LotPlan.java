package io.fabstream.ingest.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One lot's trip through the simulated line: released, etched on one tool (wafers spread over its
 * chambers), inspected, finished.
 *
 * @param lot lot id
 * @param product product the lot builds
 * @param etchTool etch tool
 * @param start release time (START event)
 * @param etchStart move into etch (MOVE event)
 * @param inspectStart move into inspection (MOVE event)
 * @param end lot finished (END event)
 * @param wafers wafers in slot order
 */
public record LotPlan(
    String lot,
    ProductSpec product,
    ToolSpec etchTool,
    Instant start,
    Instant etchStart,
    Instant inspectStart,
    Instant end,
    List<WaferPlan> wafers) {

  public LotPlan {
    wafers = List.copyOf(wafers);
  }

  /** Wafer ids in slot order, as lot events list them. */
  public List<String> waferIds() {
    return wafers.stream().map(WaferPlan::waferId).toList();
  }
}
