package io.fabstream.ingest.replay;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelSource;
import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One labelled wafer of a dataset: its map or its trace samples, and the label the dataset gives
 * it. Readers hand out whole wafers because the label belongs to the wafer, while rate and limits
 * apply to the records inside.
 *
 * @param waferId fab-unique wafer id (dataset-prefixed, e.g. {@code wm811k-28294})
 * @param maps wafer maps of the wafer (WM-811K: exactly one)
 * @param samples trace samples of the wafer in time order (trace datasets)
 * @param kind what the label is about
 * @param label the dataset's label (class name, {@code normal}/{@code fault}, {@code pass}/{@code
 *     fail}, or a fault name)
 * @param subjectTime event time the label refers to (inspection time or end of the run)
 * @param tool tool that processed the wafer
 * @param chamber chamber that processed the wafer, or null
 */
public record ReplayWafer(
    String waferId,
    List<WaferMap> maps,
    List<TraceSample> samples,
    SubjectKind kind,
    String label,
    Instant subjectTime,
    String tool,
    String chamber) {

  public ReplayWafer {
    Objects.requireNonNull(waferId, "waferId");
    maps = List.copyOf(maps);
    samples = List.copyOf(samples);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(subjectTime, "subjectTime");
    Objects.requireNonNull(tool, "tool");
  }

  /** Records (maps plus samples) in this wafer. */
  public int recordCount() {
    return maps.size() + samples.size();
  }

  /** The dataset label as a ground-truth record observed {@code delay} after the subject time. */
  public GroundTruth groundTruth(Duration delay) {
    return new GroundTruth(
        waferId,
        kind,
        label,
        LabelSource.DATASET,
        subjectTime.plus(delay),
        subjectTime,
        tool,
        chamber);
  }
}
