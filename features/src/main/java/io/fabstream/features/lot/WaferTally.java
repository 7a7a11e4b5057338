package io.fabstream.features.lot;

/**
 * What lot tracking remembers of one wafer of a lot (or of a lot's step): that it was seen, and the
 * die counts of its latest map, so a re-sent or re-inspected map replaces rather than doubles the
 * wafer's weight in the yield. A Flink POJO kept in keyed map state.
 */
public class WaferTally {

  /** Whether a wafer map has been applied (a wafer seen only in sensor windows has none). */
  public boolean mapped;

  public int passingDies;
  public int failingDies;

  /** Event time of the applied map. */
  public long mappedAt;

  /** The wafer's latest predicted pattern, or null before any verdict. */
  public String pattern;

  /** Event time of the applied verdict. */
  public long patternAt;

  public WaferTally() {}

  /** Takes the verdict's pattern when it is the wafer's latest verdict. */
  void applyVerdict(LotInput verdict) {
    if (pattern == null || verdict.eventTime >= patternAt) {
      pattern = verdict.predictedClass;
      patternAt = verdict.eventTime;
    }
  }

  /** Takes the map's counts when it is the wafer's latest map. */
  void applyMap(LotInput map) {
    if (!mapped || map.eventTime >= mappedAt) {
      mapped = true;
      passingDies = map.passingDies;
      failingDies = map.failingDies;
      mappedAt = map.eventTime;
    }
  }
}
