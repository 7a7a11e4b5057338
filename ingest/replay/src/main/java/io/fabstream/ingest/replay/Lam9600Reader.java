package io.fabstream.ingest.replay;

import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the LAM 9600 metal etch CSV ({@code wafer,set,experiment,fault,t_index,Time,Step Number,<19
 * process variables>}); consecutive rows of one wafer become that wafer's trace samples with the 19
 * variables under their header names and {@code Step Number} as the recipe step. Event time is
 * synthetic: experiments 29, 31 and 33 start a week apart per number (so two weeks between them, as
 * in the source), wafers of an experiment ten minutes apart, plus the row's {@code Time} in
 * seconds. The label is the {@code fault} column ({@code normal} or e.g. {@code TCP+50}).
 */
public final class Lam9600Reader extends LineDatasetReader {

  /** Tool name on replayed samples and labels. */
  public static final String TOOL = "lam9600";

  /** Source field of replayed samples. */
  public static final String SOURCE = "lam9600";

  /** Synthetic start of experiment 29. */
  public static final Instant EPOCH = Instant.parse("1999-01-04T00:00:00Z");

  private static final String CHAMBER = "main";
  private static final String RECIPE = "lam9600-metal-etch";
  private static final int FIRST_VARIABLE = 7;
  private static final Duration WAFER_SPACING = Duration.ofMinutes(10);

  private final Map<Integer, Integer> wafersPerExperiment = new HashMap<>();
  private List<String> variables;

  /** Reads one LAM 9600 CSV file (plain or {@code .gz}). */
  public Lam9600Reader(Path file) {
    super(List.of(file));
  }

  @Override
  boolean isHeader(String line, long lineNumberInFile) {
    if (lineNumberInFile != 1) {
      return false;
    }
    String[] names = line.split(",", -1);
    if (names.length <= FIRST_VARIABLE || !unquote(names[0]).equals("wafer")) {
      throw malformed("expected a header starting with 'wafer', got '" + line + "'");
    }
    variables =
        Arrays.stream(names, FIRST_VARIABLE, names.length).map(Lam9600Reader::unquote).toList();
    return true;
  }

  @Override
  ReplayWafer readWafer() throws IOException {
    String line = readLine();
    if (line == null) {
      return null;
    }
    String[] first = split(line);
    String sourceWafer = first[0];
    int experiment = parseInt(first[2], "experiment");
    String label = first[3];
    int ordinal = wafersPerExperiment.merge(experiment, 1, Integer::sum) - 1;
    Instant runStart =
        EPOCH
            .plus(Duration.ofDays(7L * (experiment - 29)))
            .plus(WAFER_SPACING.multipliedBy(ordinal));
    String waferId = SOURCE + "-" + sourceWafer;
    String lot = SOURCE + "-exp" + experiment;
    List<TraceSample> samples = new ArrayList<>();
    String[] row = first;
    while (true) {
      samples.add(sample(row, runStart, lot, waferId));
      line = readLine();
      if (line == null) {
        break;
      }
      row = split(line);
      if (!row[0].equals(sourceWafer)) {
        pushBack(line);
        break;
      }
    }
    Instant runEnd = samples.get(samples.size() - 1).getEventTime();
    return new ReplayWafer(
        waferId, List.of(), samples, SubjectKind.WAFER_TRACE, label, runEnd, TOOL, CHAMBER);
  }

  private TraceSample sample(String[] row, Instant runStart, String lot, String waferId) {
    long index = parseInt(row[4], "t_index");
    List<Double> values = new ArrayList<>(variables.size());
    for (int i = 0; i < variables.size(); i++) {
      values.add(parseDouble(row[FIRST_VARIABLE + i], variables.get(i)));
    }
    return new TraceSample(
        TOOL,
        CHAMBER,
        RECIPE,
        row[6].trim(),
        lot,
        waferId,
        runStart.plusSeconds(index),
        variables,
        values,
        SOURCE);
  }

  private String[] split(String line) {
    if (variables == null) {
      throw malformed("data before the header");
    }
    String[] f = line.split(",", -1);
    if (f.length != FIRST_VARIABLE + variables.size()) {
      throw malformed(
          "expected " + (FIRST_VARIABLE + variables.size()) + " fields, got " + f.length);
    }
    return f;
  }

  private int parseInt(String text, String field) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw malformed(field + " '" + text + "' is not an integer");
    }
  }

  private double parseDouble(String text, String field) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw malformed(field + " '" + text + "' is not a number");
    }
  }

  private static String unquote(String name) {
    String n = name.trim();
    return n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")
        ? n.substring(1, n.length() - 1)
        : n;
  }
}
