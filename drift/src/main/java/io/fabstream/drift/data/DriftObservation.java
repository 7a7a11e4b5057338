package io.fabstream.drift.data;

import java.util.Map;

/**
 * One input or output of a model, summarised for data drift: what it is watched under (model,
 * version, tool, chamber), when it happened on the fab's clock, and its feature values.
 *
 * @param model model the data feeds (or came from)
 * @param version model version, or {@code inputs} for data that every version sees
 * @param tool tool
 * @param chamber chamber
 * @param eventTime fab time, epoch milliseconds
 * @param features feature values
 */
public record DriftObservation(
    String model,
    String version,
    String tool,
    String chamber,
    long eventTime,
    Map<String, Double> features) {

  /** The state-store key of its scope. */
  public String scopeKey() {
    return String.join("|", model, version, tool, chamber);
  }
}
