package io.fabstream.ingest.replay;

import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the Olszewski wafer traces ({@code wafer_idx split label length s1..s6}, TAB separated,
 * each sensor a comma-separated series of {@code length} integers). Each wafer becomes {@code
 * length} trace samples with the six sensors {@code s1..s6} (the source does not say which is
 * which), at a fixed step interval from a synthetic run start, since the dataset has no times.
 * Label 1 (abnormal) becomes {@code fault}, 2 becomes {@code normal}.
 */
public final class WaferTraceReader extends LineDatasetReader {

  /** Tool name on replayed samples and labels. */
  public static final String TOOL = "olszewski-etch";

  /** Source field of replayed samples. */
  public static final String SOURCE = "olszewski";

  /** Synthetic start of wafer 0's run. */
  public static final Instant EPOCH = Instant.parse("2001-01-01T00:00:00Z");

  /** Default time between two samples of a run. */
  public static final Duration DEFAULT_STEP = Duration.ofSeconds(1);

  private static final String CHAMBER = "main";
  private static final List<String> SENSORS = List.of("s1", "s2", "s3", "s4", "s5", "s6");
  private static final int WAFERS_PER_LOT = 25;

  private final Duration step;
  private final Duration waferSpacing;

  /** Reads with one second between samples. */
  public WaferTraceReader(Path file) {
    this(file, DEFAULT_STEP);
  }

  /** Reads with {@code step} between samples; runs start 250 steps apart (longest run: 198). */
  public WaferTraceReader(Path file, Duration step) {
    super(List.of(file));
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step interval must be positive, got " + step);
    }
    this.step = step;
    this.waferSpacing = step.multipliedBy(250);
  }

  @Override
  boolean isHeader(String line, long lineNumberInFile) {
    return line.startsWith("#");
  }

  @Override
  ReplayWafer readWafer() throws IOException {
    String line = readLine();
    if (line == null) {
      return null;
    }
    String[] f = line.split("\t", -1);
    if (f.length != 4 + SENSORS.size()) {
      throw malformed("expected 10 TAB-separated fields, got " + f.length);
    }
    int index = parseInt(f[0], "wafer_idx");
    String label =
        switch (f[2].trim()) {
          case "1" -> "fault";
          case "2" -> "normal";
          default -> throw malformed("label '" + f[2] + "' is neither 1 (abnormal) nor 2 (normal)");
        };
    int length = parseInt(f[3], "length");
    double[][] series = new double[SENSORS.size()][];
    for (int s = 0; s < SENSORS.size(); s++) {
      String[] values = f[4 + s].split(",", -1);
      if (values.length != length) {
        throw malformed(
            SENSORS.get(s) + " has " + values.length + " values, length says " + length);
      }
      series[s] = new double[length];
      for (int t = 0; t < length; t++) {
        series[s][t] = parseInt(values[t], SENSORS.get(s));
      }
    }
    String waferId = SOURCE + "-" + index;
    String lot = String.format(Locale.ROOT, "%s-L%03d", SOURCE, index / WAFERS_PER_LOT);
    Instant runStart = EPOCH.plus(waferSpacing.multipliedBy(index));
    List<TraceSample> samples = new ArrayList<>(length);
    for (int t = 0; t < length; t++) {
      List<Double> values = new ArrayList<>(SENSORS.size());
      for (double[] sensor : series) {
        values.add(sensor[t]);
      }
      samples.add(
          new TraceSample(
              TOOL,
              CHAMBER,
              SOURCE,
              "etch",
              lot,
              waferId,
              runStart.plus(step.multipliedBy(t)),
              SENSORS,
              values,
              SOURCE));
    }
    Instant runEnd = samples.get(samples.size() - 1).getEventTime();
    return new ReplayWafer(
        waferId, List.of(), samples, SubjectKind.WAFER_TRACE, label, runEnd, TOOL, CHAMBER);
  }

  private int parseInt(String text, String field) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw malformed(field + " '" + text + "' is not an integer");
    }
  }
}
