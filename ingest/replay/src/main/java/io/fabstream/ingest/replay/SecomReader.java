package io.fabstream.ingest.replay;

import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads SECOM ({@code row,timestamp,label,f0..f589}, one CSV per part). Each row is one wafer and
 * becomes one trace sample carrying only the features that were measured: {@code NaN} means
 * missing, and a missing sensor is left out rather than sent as a fake number. Event time is the
 * row's original timestamp (taken as UTC); label -1 becomes {@code pass}, 1 becomes {@code fail}.
 * Lots are synthesised from blocks of 25 rows.
 */
public final class SecomReader extends LineDatasetReader {

  /** Tool name on replayed samples and labels. */
  public static final String TOOL = "secom";

  /** Source field of replayed samples. */
  public static final String SOURCE = "secom";

  private static final String CHAMBER = "main";
  private static final int FIRST_FEATURE = 3;
  private static final int WAFERS_PER_LOT = 25;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private List<String> features;

  /**
   * Reads a SECOM part file, or every {@code secom_part*.csv[.gz]} of a directory in name order.
   */
  public SecomReader(Path fileOrDirectory) {
    super(parts(fileOrDirectory));
  }

  private static List<Path> parts(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> files = Files.list(path)) {
      List<Path> parts =
          files
              .filter(p -> p.getFileName().toString().matches("secom_part.*\\.csv(\\.gz)?"))
              .sorted()
              .toList();
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("no secom_part*.csv[.gz] files in " + path);
      }
      return parts;
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + path, e);
    }
  }

  @Override
  boolean isHeader(String line, long lineNumberInFile) {
    if (lineNumberInFile != 1) {
      return false;
    }
    String[] names = line.split(",", -1);
    if (names.length <= FIRST_FEATURE || !names[0].trim().equals("row")) {
      throw malformed("expected a header starting with 'row', got '" + line + "'");
    }
    List<String> header = List.of(names).subList(FIRST_FEATURE, names.length);
    if (features != null && !features.equals(header)) {
      throw malformed("header differs from the first part's header");
    }
    features = List.copyOf(header);
    return true;
  }

  @Override
  ReplayWafer readWafer() throws IOException {
    String line = readLine();
    if (line == null) {
      return null;
    }
    if (features == null) {
      throw malformed("data before the header");
    }
    String[] f = line.split(",", -1);
    if (f.length != FIRST_FEATURE + features.size()) {
      throw malformed("expected " + (FIRST_FEATURE + features.size()) + " fields, got " + f.length);
    }
    long row = parseLong(f[0]);
    Instant time = parseTime(f[1]);
    String label =
        switch (f[2].trim()) {
          case "-1" -> "pass";
          case "1" -> "fail";
          default -> throw malformed("label '" + f[2] + "' is neither -1 (pass) nor 1 (fail)");
        };
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      String text = f[FIRST_FEATURE + i].trim();
      if (text.isEmpty() || text.equalsIgnoreCase("NaN")) {
        continue;
      }
      names.add(features.get(i));
      values.add(parseDouble(text, features.get(i)));
    }
    String waferId = SOURCE + "-" + row;
    TraceSample sample =
        new TraceSample(
            TOOL,
            CHAMBER,
            SOURCE,
            "all",
            String.format(Locale.ROOT, "%s-L%03d", SOURCE, (row - 1) / WAFERS_PER_LOT + 1),
            waferId,
            time,
            names,
            values,
            SOURCE);
    return new ReplayWafer(
        waferId, List.of(), List.of(sample), SubjectKind.WAFER_TRACE, label, time, TOOL, CHAMBER);
  }

  private long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw malformed("row '" + text + "' is not an integer");
    }
  }

  private double parseDouble(String text, String feature) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw malformed(feature + " '" + text + "' is not a number");
    }
  }

  private Instant parseTime(String text) {
    try {
      return LocalDateTime.parse(text.trim(), TIMESTAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw malformed("timestamp '" + text + "' is not yyyy-MM-dd HH:mm:ss");
    }
  }
}
