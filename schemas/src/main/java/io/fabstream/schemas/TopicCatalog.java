package io.fabstream.schemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every topic of the pipeline. Raw topics carry what equipment (or the simulator and replay) sends;
 * the validation app moves good records to the validated topics and bad ones to {@link
 * #DEAD_LETTER}. Downstream stages read only validated topics.
 */
public final class TopicCatalog {

  private TopicCatalog() {}

  private static final String DELETE = "delete";
  private static final String COMPACT = "compact";
  private static final int P = 3;

  /** Wafer maps as equipment sends them, not yet validated. */
  public static final Topic<String, byte[]> RAW_WAFER_MAPS =
      new Topic<>(
          "fab.raw.wafer-maps",
          String.class,
          Topic.KeyFormat.STRING,
          byte[].class,
          P,
          DELETE,
          "Wafer maps from inspection tools, Avro WaferMap in the Confluent wire format, unvalidated.",
          Map.of());

  /** Trace samples as equipment sends them, not yet validated. */
  public static final Topic<String, byte[]> RAW_TRACE_SAMPLES =
      new Topic<>(
          "fab.raw.trace-samples",
          String.class,
          Topic.KeyFormat.STRING,
          byte[].class,
          P,
          DELETE,
          "FDC trace samples, Avro TraceSample in the Confluent wire format, unvalidated.",
          Map.of());

  /** Lot events as the MES sends them, not yet validated. */
  public static final Topic<String, byte[]> RAW_LOT_EVENTS =
      new Topic<>(
          "fab.raw.lot-events",
          String.class,
          Topic.KeyFormat.STRING,
          byte[].class,
          P,
          DELETE,
          "Lot start/move/end events, Avro LotEvent in the Confluent wire format, unvalidated.",
          Map.of());

  /** Validated wafer maps keyed by wafer id. */
  public static final Topic<String, WaferMap> WAFER_MAPS =
      new Topic<>(
          "fab.wafer-maps",
          String.class,
          Topic.KeyFormat.STRING,
          WaferMap.class,
          P,
          DELETE,
          "Validated wafer maps, keyed by wafer id.",
          Map.of());

  /** Validated trace samples keyed by tool/chamber. */
  public static final Topic<String, TraceSample> TRACE_SAMPLES =
      new Topic<>(
          "fab.trace-samples",
          String.class,
          Topic.KeyFormat.STRING,
          TraceSample.class,
          P,
          DELETE,
          "Validated trace samples, keyed by tool/chamber.",
          Map.of());

  /** Validated lot events keyed by lot id. */
  public static final Topic<String, LotEvent> LOT_EVENTS =
      new Topic<>(
          "fab.lot-events",
          String.class,
          Topic.KeyFormat.STRING,
          LotEvent.class,
          P,
          DELETE,
          "Validated lot events, keyed by lot id.",
          Map.of());

  /** Delayed labels keyed by subject (wafer or window) id. */
  public static final Topic<String, GroundTruth> GROUND_TRUTH =
      new Topic<>(
          "fab.ground-truth",
          String.class,
          Topic.KeyFormat.STRING,
          GroundTruth.class,
          P,
          DELETE,
          "Ground-truth labels (review, metrology, sort), keyed by wafer or window id.",
          Map.of());

  /** Records rejected by validation, kept whole with the reason. */
  public static final Topic<byte[], DeadLetter> DEAD_LETTER =
      new Topic<>(
          "fab.dead-letter",
          byte[].class,
          Topic.KeyFormat.BYTES,
          DeadLetter.class,
          1,
          DELETE,
          "Rejected records with reason, source offsets and original bytes.",
          Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));

  /** Multivariate sensor windows keyed by tool/chamber. */
  public static final Topic<String, MtsWindow> MTS_WINDOWS =
      new Topic<>(
          "fab.mts-windows",
          String.class,
          Topic.KeyFormat.STRING,
          MtsWindow.class,
          P,
          DELETE,
          "Fixed-shape multivariate sensor windows, keyed by tool/chamber.",
          Map.of());

  /** Trace samples that arrived after the allowed lateness. */
  public static final Topic<String, TraceSample> LATE_TRACE_SAMPLES =
      new Topic<>(
          "fab.late.trace-samples",
          String.class,
          Topic.KeyFormat.STRING,
          TraceSample.class,
          1,
          DELETE,
          "Trace samples later than the allowed lateness: counted, kept, never windowed.",
          Map.of());

  /** Lot features keyed by lot id. */
  public static final Topic<String, LotFeatures> LOT_FEATURES =
      new Topic<>(
          "fab.lot-features",
          String.class,
          Topic.KeyFormat.STRING,
          LotFeatures.class,
          P,
          DELETE,
          "Lot and lot x step features emitted when a lot closes, keyed by lot id.",
          Map.of());

  /** Wafer-map model verdicts keyed by wafer id. */
  public static final Topic<String, WaferPrediction> WAFER_PREDICTIONS =
      new Topic<>(
          "fab.wafer-predictions",
          String.class,
          Topic.KeyFormat.STRING,
          WaferPrediction.class,
          P,
          DELETE,
          "Wafer-map CNN verdicts, keyed by wafer id.",
          Map.of());

  /** Sensor-window model verdicts keyed by window id. */
  public static final Topic<String, TracePrediction> TRACE_PREDICTIONS =
      new Topic<>(
          "fab.trace-predictions",
          String.class,
          Topic.KeyFormat.STRING,
          TracePrediction.class,
          P,
          DELETE,
          "Sequence-model verdicts on MTS windows, keyed by window id.",
          Map.of());

  /** Challenger verdicts on wafer maps, beside the champion's, for comparison. */
  public static final Topic<String, WaferPrediction> WAFER_PREDICTIONS_SHADOW =
      new Topic<>(
          "fab.wafer-predictions.shadow",
          String.class,
          Topic.KeyFormat.STRING,
          WaferPrediction.class,
          P,
          DELETE,
          "Shadow (challenger) wafer-map verdicts, keyed by wafer id; never acted on.",
          Map.of());

  /** Challenger verdicts on MTS windows, beside the champion's, for comparison. */
  public static final Topic<String, TracePrediction> TRACE_PREDICTIONS_SHADOW =
      new Topic<>(
          "fab.trace-predictions.shadow",
          String.class,
          Topic.KeyFormat.STRING,
          TracePrediction.class,
          P,
          DELETE,
          "Shadow (challenger) sensor-window verdicts, keyed by window id; never acted on.",
          Map.of());

  /**
   * Model promotions, rollbacks and shadow changes, keyed by model name: the scorers read it to
   * switch versions while running. One partition, so every scorer sees changes in issue order.
   */
  public static final Topic<String, ModelControl> MODEL_CONTROL =
      new Topic<>(
          "fab.model-control",
          String.class,
          Topic.KeyFormat.STRING,
          ModelControl.class,
          1,
          DELETE,
          "Model version changes for the running scorers, keyed by model name.",
          Map.of("retention.ms", "-1"));

  /** Predictions joined with their ground truth, keyed by subject id. */
  public static final Topic<String, LabelledPrediction> LABELLED_PREDICTIONS =
      new Topic<>(
          "fab.labelled-predictions",
          String.class,
          Topic.KeyFormat.STRING,
          LabelledPrediction.class,
          P,
          DELETE,
          "Verdicts joined with the labels that came later, keyed by wafer or window id.",
          Map.of("retention.ms", String.valueOf(90L * 24 * 3600 * 1000)));

  /** Labels that came after their source's join window, or for nothing that was scored. */
  public static final Topic<String, GroundTruth> LATE_LABELS =
      new Topic<>(
          "fab.ground-truth.late",
          String.class,
          Topic.KeyFormat.STRING,
          GroundTruth.class,
          1,
          DELETE,
          "Ground truth the join could not use (after its window, or no prediction): counted, kept.",
          Map.of("retention.ms", String.valueOf(90L * 24 * 3600 * 1000)));

  /** Drift measurements keyed by model. */
  public static final Topic<String, DriftReport> DRIFT_REPORTS =
      new Topic<>(
          "fab.drift-reports",
          String.class,
          Topic.KeyFormat.STRING,
          DriftReport.class,
          1,
          DELETE,
          "Drift measurements per model version and scope.",
          Map.of());

  /** Alerts keyed by alert id (compacted: the latest state of each alert). */
  public static final Topic<String, Alert> ALERTS =
      new Topic<>(
          "fab.alerts",
          String.class,
          Topic.KeyFormat.STRING,
          Alert.class,
          1,
          DELETE,
          "Alerts for process engineers, keyed by deduplication id.",
          Map.of());

  /** Retraining requests keyed by model. */
  public static final Topic<String, RetrainRequest> RETRAIN_REQUESTS =
      new Topic<>(
          "fab.retrain-requests",
          String.class,
          Topic.KeyFormat.STRING,
          RetrainRequest.class,
          1,
          DELETE,
          "Retraining requests for the orchestrator, keyed by model.",
          Map.of());

  /** The embedded schema registry's store, as Confluent's registry keeps its own. */
  public static final Topic<String, byte[]> SCHEMAS =
      new Topic<>(
          "_fabstream_schemas",
          String.class,
          Topic.KeyFormat.STRING,
          byte[].class,
          1,
          COMPACT,
          "Embedded schema registry store: one record per registered schema and setting.",
          Map.of("min.compaction.lag.ms", "0"));

  /** All topics, in creation order. */
  public static List<Topic<?, ?>> all() {
    return List.of(
        RAW_WAFER_MAPS,
        RAW_TRACE_SAMPLES,
        RAW_LOT_EVENTS,
        WAFER_MAPS,
        TRACE_SAMPLES,
        LOT_EVENTS,
        GROUND_TRUTH,
        DEAD_LETTER,
        MTS_WINDOWS,
        LATE_TRACE_SAMPLES,
        LOT_FEATURES,
        WAFER_PREDICTIONS,
        TRACE_PREDICTIONS,
        WAFER_PREDICTIONS_SHADOW,
        TRACE_PREDICTIONS_SHADOW,
        MODEL_CONTROL,
        LABELLED_PREDICTIONS,
        LATE_LABELS,
        DRIFT_REPORTS,
        ALERTS,
        RETRAIN_REQUESTS,
        SCHEMAS);
  }

  /** Looks a topic up by name. */
  public static Optional<Topic<?, ?>> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
