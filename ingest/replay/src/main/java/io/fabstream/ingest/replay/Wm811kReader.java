package io.fabstream.ingest.replay;

import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.WaferMap;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Reads WM-811K wafer maps ({@code agg_index split label_code label_name rows cols map}, TAB
 * separated, {@code #} comments). The dataset keeps no lots or times, so a lot is synthesised from
 * each block of 25 consecutive {@code agg_index} values (slot = position in the block) and the
 * inspection time is a fixed epoch plus one minute per {@code agg_index}, which keeps the dataset's
 * rough production order. The label is the WM-811K class name.
 */
public final class Wm811kReader extends LineDatasetReader {

  /** Tool name on replayed maps and labels. */
  public static final String TOOL = "wm811k-prober";

  /** Source field of replayed maps. */
  public static final String SOURCE = "wm811k";

  /** Synthetic time of {@code agg_index} 0. */
  public static final Instant EPOCH = Instant.parse("2014-01-01T00:00:00Z");

  private static final Duration SPACING = Duration.ofMinutes(1);
  private static final int WAFERS_PER_LOT = 25;

  /** Reads one WM-811K file (plain or {@code .gz}). */
  public Wm811kReader(Path file) {
    super(List.of(file));
  }

  @Override
  boolean isHeader(String line, long lineNumberInFile) {
    return line.startsWith("#");
  }

  @Override
  ReplayWafer readWafer() throws java.io.IOException {
    String line = readLine();
    if (line == null) {
      return null;
    }
    String[] f = line.split("\t", -1);
    if (f.length != 7) {
      throw malformed("expected 7 TAB-separated fields, got " + f.length);
    }
    long aggIndex = parseLong(f[0], "agg_index");
    String label = f[3];
    int rows = (int) parseLong(f[4], "rows");
    int cols = (int) parseLong(f[5], "cols");
    String digits = f[6];
    if (digits.length() != rows * cols) {
      throw malformed("map has " + digits.length() + " dies, expected " + rows + "x" + cols);
    }
    byte[] dies = new byte[digits.length()];
    for (int i = 0; i < dies.length; i++) {
      int die = digits.charAt(i) - '0';
      if (die < 0 || die > 2) {
        throw malformed("die code '" + digits.charAt(i) + "' at index " + i + " is not 0, 1 or 2");
      }
      dies[i] = (byte) die;
    }
    String waferId = SOURCE + "-" + aggIndex;
    Instant inspectedAt = EPOCH.plus(SPACING.multipliedBy(aggIndex));
    WaferMap map =
        new WaferMap(
            waferId,
            String.format(Locale.ROOT, "%s-L%05d", SOURCE, aggIndex / WAFERS_PER_LOT),
            (int) (aggIndex % WAFERS_PER_LOT) + 1,
            SOURCE + "-" + rows + "x" + cols,
            TOOL,
            "wafer-sort",
            inspectedAt,
            rows,
            cols,
            ByteBuffer.wrap(dies),
            null,
            SOURCE);
    return new ReplayWafer(
        waferId, List.of(map), List.of(), SubjectKind.WAFER_MAP, label, inspectedAt, TOOL, null);
  }

  private long parseLong(String text, String field) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw malformed(field + " '" + text + "' is not an integer");
    }
  }
}
