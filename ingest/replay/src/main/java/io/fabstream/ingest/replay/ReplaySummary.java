package io.fabstream.ingest.replay;

import java.time.Duration;

/**
 * What a replay sent, for the CLI's closing line and for tests.
 *
 * @param wafers wafers read
 * @param waferMaps wafer maps sent
 * @param traceSamples trace samples sent
 * @param labels ground-truth labels sent
 * @param elapsed wall-clock time of the replay
 */
public record ReplaySummary(
    long wafers, long waferMaps, long traceSamples, long labels, Duration elapsed) {

  /** Maps plus samples. */
  public long records() {
    return waferMaps + traceSamples;
  }
}
