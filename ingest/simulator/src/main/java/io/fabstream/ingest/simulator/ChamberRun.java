package io.fabstream.ingest.simulator;

import java.time.Instant;
import java.util.Optional;

/**
 * One wafer processed by one chamber: the unit a trace is generated for and a trace label is about.
 *
 * @param tool etch tool
 * @param chamber chamber within the tool
 * @param lot lot id
 * @param waferId wafer id
 * @param start event time of the first sample
 * @param fault the injected fault, if any
 */
public record ChamberRun(
    String tool,
    String chamber,
    String lot,
    String waferId,
    Instant start,
    Optional<InjectedFault> fault) {

  /** Ground-truth label of the run: {@code normal} or the fault's label. */
  public String label() {
    return fault.map(f -> f.kind().label()).orElse("normal");
  }
}
