package io.fabstream.ingest.replay;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The public datasets fabstream can replay, each with its reader and its usual location under the
 * shared data folder ({@code ../shared/data} next to a fabstream checkout).
 */
public enum DatasetKind {
  /** WM-811K wafer maps (one file per split). */
  WM811K("wm811k/wm811k_train01.txt.gz"),
  /** Olszewski per-wafer etch traces. */
  WAFER_TRACES("wafer-traces/wafer_mts_train.tsv.gz"),
  /** LAM 9600 metal etch fault detection runs. */
  LAM9600("lam9600-etch/lam9600_etch_machine.csv.gz"),
  /** SECOM wafers (a directory of part files, or one part). */
  SECOM("secom");

  private final String defaultRelativePath;

  DatasetKind(String defaultRelativePath) {
    this.defaultRelativePath = defaultRelativePath;
  }

  /** The usual file (or folder) of this dataset under {@code sharedData}. */
  public Path defaultPath(Path sharedData) {
    return sharedData.resolve(defaultRelativePath);
  }

  /** Opens the reader for this format on {@code path}. */
  public DatasetReader open(Path path) {
    return switch (this) {
      case WM811K -> new Wm811kReader(path);
      case WAFER_TRACES -> new WaferTraceReader(path);
      case LAM9600 -> new Lam9600Reader(path);
      case SECOM -> new SecomReader(path);
    };
  }

  /** Parses a CLI spelling such as {@code wm811k}, {@code wafer-traces} or {@code LAM9600}. */
  public static DatasetKind parse(String text) {
    String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (DatasetKind kind : values()) {
      if (kind.name().equals(key)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset '" + text + "'; expected one of wm811k, wafer-traces, lam9600, secom");
  }
}
