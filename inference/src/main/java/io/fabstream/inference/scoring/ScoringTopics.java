package io.fabstream.inference.scoring;

import io.fabstream.schemas.TopicCatalog;

/**
 * The topics a {@link ScoringJob} reads and writes: the catalog's by default, others where a test
 * or a side-by-side deployment needs its own.
 *
 * @param input records to score
 * @param predictions the champion's predictions
 * @param shadow the challenger's predictions
 * @param control model version changes
 * @param alerts refused model versions
 * @param deadLetter records that could not be scored
 */
public record ScoringTopics(
    String input,
    String predictions,
    String shadow,
    String control,
    String alerts,
    String deadLetter) {

  /** The catalog's topics for wafer maps. */
  public static ScoringTopics waferMaps() {
    return new ScoringTopics(
        TopicCatalog.WAFER_MAPS.name(),
        TopicCatalog.WAFER_PREDICTIONS.name(),
        TopicCatalog.WAFER_PREDICTIONS_SHADOW.name(),
        TopicCatalog.MODEL_CONTROL.name(),
        TopicCatalog.ALERTS.name(),
        TopicCatalog.DEAD_LETTER.name());
  }

  /** The catalog's topics for MTS windows. */
  public static ScoringTopics mtsWindows() {
    return new ScoringTopics(
        TopicCatalog.MTS_WINDOWS.name(),
        TopicCatalog.TRACE_PREDICTIONS.name(),
        TopicCatalog.TRACE_PREDICTIONS_SHADOW.name(),
        TopicCatalog.MODEL_CONTROL.name(),
        TopicCatalog.ALERTS.name(),
        TopicCatalog.DEAD_LETTER.name());
  }
}
