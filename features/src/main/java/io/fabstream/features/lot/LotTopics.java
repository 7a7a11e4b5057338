package io.fabstream.features.lot;

import io.fabstream.schemas.TopicCatalog;
import java.io.Serializable;

/**
 * The topic names lot tracking reads and writes. Production uses the catalog's names; tests and
 * side-by-side deployments pass their own, while the schemas still come from the catalog topics.
 *
 * @param waferMaps validated wafer maps
 * @param lotEvents validated lot events
 * @param mtsWindows multivariate sensor windows
 * @param lotFeatures where lot and lot x step features go
 * @param deadLetter where records lot tracking cannot use go
 * @param waferPredictions wafer-map verdicts, for the pattern mix (null: not read)
 * @param tracePredictions window verdicts, for anomaly counts (null: not read)
 */
public record LotTopics(
    String waferMaps,
    String lotEvents,
    String mtsWindows,
    String lotFeatures,
    String deadLetter,
    String waferPredictions,
    String tracePredictions)
    implements Serializable {

  /** Topics without model verdicts: lot features then carry no pattern mix or anomaly counts. */
  public LotTopics(
      String waferMaps,
      String lotEvents,
      String mtsWindows,
      String lotFeatures,
      String deadLetter) {
    this(waferMaps, lotEvents, mtsWindows, lotFeatures, deadLetter, null, null);
  }

  public LotTopics {
    requireName("waferMaps", waferMaps);
    requireName("lotEvents", lotEvents);
    requireName("mtsWindows", mtsWindows);
    requireName("lotFeatures", lotFeatures);
    requireName("deadLetter", deadLetter);
  }

  /** The pipeline's topics, as {@link TopicCatalog} names them. */
  public static LotTopics catalog() {
    return new LotTopics(
        TopicCatalog.WAFER_MAPS.name(),
        TopicCatalog.LOT_EVENTS.name(),
        TopicCatalog.MTS_WINDOWS.name(),
        TopicCatalog.LOT_FEATURES.name(),
        TopicCatalog.DEAD_LETTER.name(),
        TopicCatalog.WAFER_PREDICTIONS.name(),
        TopicCatalog.TRACE_PREDICTIONS.name());
  }

  private static void requireName(String role, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(role + " topic name must be set, got '" + name + "'");
    }
  }
}
