package io.fabstream.schemas;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a model's inputs and outputs looked like when it was trained: a bounded random sample of the
 * feature values drift is judged on (for the wafer CNN, {@link WaferMapProfile} of its training
 * maps and its class and confidence on held-back maps). Training writes it into the model's
 * registry version, under the version's checksums, so that the drift apps hold a stream to the data
 * the model was actually fitted on rather than to whatever the stream looked like first.
 *
 * <p>The sample also carries the model's calibration evidence: for held-back inputs with known
 * labels, the probability the model gave its own verdict ({@link #CONFIDENCE}) and whether the
 * verdict was right ({@link #CORRECT}). The label-free performance estimate needs calibrated
 * probabilities, and a calibration fitted on the stream itself would need the very labels that have
 * not arrived.
 *
 * <p>The file is text, one observation per line: {@code inputs}, {@code outputs} or {@code
 * calibration}, then TAB separated {@code feature=value} pairs (NaN allowed); {@code #} lines are
 * comments, one of which, {@code # categorical: a,b}, names the features whose values are category
 * codes.
 *
 * @param inputs observations of the model's inputs
 * @param outputs observations of the model's outputs
 * @param categorical features whose values are category codes
 * @param calibration held-back verdicts as {@link #CONFIDENCE} and {@link #CORRECT} (1 or 0)
 */
public record DriftReferenceSample(
    List<Map<String, Double>> inputs,
    List<Map<String, Double>> outputs,
    Set<String> categorical,
    List<Map<String, Double>> calibration) {

  /** File name inside a model version. */
  public static final String FILE = "drift-reference.tsv";

  /** The wafer CNN's predicted class as an output feature (its index in the class list). */
  public static final String CLASS_MIX = "class_mix";

  /** The largest class probability as an output feature. */
  public static final String CONFIDENCE = "confidence";

  /** Whether a held-back verdict was right (1) or wrong (0), in calibration rows. */
  public static final String CORRECT = "correct";

  /** Most observations of each part a sample keeps. */
  public static final int DEFAULT_CAPACITY = 2_000;

  /**
   * Most calibration rows a sample keeps: an isotonic fit needs many more points than a histogram,
   * and a row is a few dozen bytes.
   */
  public static final int CALIBRATION_CAPACITY = 20_000;

  private static final String HEADER = "# fabstream drift reference sample, format 1";
  private static final String CATEGORICAL = "# categorical: ";

  public DriftReferenceSample {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    categorical = Set.copyOf(categorical);
    calibration = List.copyOf(calibration);
    for (Map<String, Double> row : calibration) {
      Double c = row.get(CONFIDENCE);
      Double ok = row.get(CORRECT);
      if (c == null || ok == null || !(c >= 0 && c <= 1) || !(ok == 0 || ok == 1)) {
        throw new IllegalArgumentException(
            "a calibration row needs confidence in [0, 1] and correct 0 or 1, got " + row);
      }
    }
  }

  /** A sample without calibration evidence. */
  public DriftReferenceSample(
      List<Map<String, Double>> inputs,
      List<Map<String, Double>> outputs,
      Set<String> categorical) {
    this(inputs, outputs, categorical, List.of());
  }

  /** A calibration row: the probability of the model's own verdict and whether it was right. */
  public static Map<String, Double> calibrationRow(double confidence, boolean correct) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(CONFIDENCE, confidence);
    out.put(CORRECT, correct ? 1.0 : 0.0);
    return out;
  }

  /** A classifier's output row as drift features: its class (coded) and its confidence. */
  public static Map<String, Double> classifierOutput(int predictedClass, double confidence) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(CLASS_MIX, (double) predictedClass);
    out.put(CONFIDENCE, confidence);
    return out;
  }

  /** Writes the sample. */
  public void write(Path file) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.newLine();
      out.write(CATEGORICAL + String.join(",", new TreeSet<>(categorical)));
      out.newLine();
      writePart(out, "inputs", inputs);
      writePart(out, "outputs", outputs);
      writePart(out, "calibration", calibration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the drift reference sample " + file, e);
    }
  }

  private static void writePart(BufferedWriter out, String part, List<Map<String, Double>> rows)
      throws IOException {
    for (Map<String, Double> row : rows) {
      StringBuilder line = new StringBuilder(part);
      row.forEach(
          (k, v) -> {
            if (k.indexOf('\t') >= 0 || k.indexOf('=') >= 0) {
              throw new IllegalArgumentException("feature name '" + k + "' holds a TAB or '='");
            }
            line.append('\t').append(k).append('=').append(format(v));
          });
      out.write(line.toString());
      out.newLine();
    }
  }

  private static String format(Double v) {
    return v == null || v.isNaN() ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
  }

  /**
   * Reads a sample.
   *
   * @throws IllegalArgumentException naming the line, when a line is not of the format
   */
  public static DriftReferenceSample read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the drift reference sample " + file, e);
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(file + " is not a drift reference sample (no header)");
    }
    List<Map<String, Double>> inputs = new ArrayList<>();
    List<Map<String, Double>> outputs = new ArrayList<>();
    List<Map<String, Double>> calibration = new ArrayList<>();
    Set<String> categorical = new TreeSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith(CATEGORICAL)) {
        for (String f : line.substring(CATEGORICAL.length()).split(",")) {
          if (!f.isBlank()) {
            categorical.add(f.strip());
          }
        }
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      List<Map<String, Double>> part =
          switch (fields[0]) {
            case "inputs" -> inputs;
            case "outputs" -> outputs;
            case "calibration" -> calibration;
            default ->
                throw new IllegalArgumentException(
                    file
                        + " line "
                        + (i + 1)
                        + ": part '"
                        + fields[0]
                        + "' is not inputs/outputs/calibration");
          };
      Map<String, Double> row = new LinkedHashMap<>();
      for (int j = 1; j < fields.length; j++) {
        int eq = fields[j].indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              file + " line " + (i + 1) + ": '" + fields[j] + "' is not feature=value");
        }
        try {
          row.put(fields[j].substring(0, eq), Double.parseDouble(fields[j].substring(eq + 1)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              file + " line " + (i + 1) + ": '" + fields[j] + "' has no number", e);
        }
      }
      part.add(row);
    }
    try {
      return new DriftReferenceSample(inputs, outputs, categorical, calibration);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Keeps a uniform random sample of at most {@code capacity} observations however many are offered
   * (reservoir sampling), reproducible from its seed.
   */
  public static final class Reservoir {
    private final int capacity;
    private final Random random;
    private final List<Map<String, Double>> kept = new ArrayList<>();
    private long seen;

    public Reservoir(int capacity, long seed) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
      }
      this.capacity = capacity;
      this.random = new Random(seed);
    }

    /** Offers one observation. */
    public void offer(Map<String, Double> observation) {
      seen++;
      if (kept.size() < capacity) {
        kept.add(observation);
      } else {
        long j = (long) (random.nextDouble() * seen);
        if (j < capacity) {
          kept.set((int) j, observation);
        }
      }
    }

    /** Observations offered so far. */
    public long seen() {
      return seen;
    }

    /** The sample. */
    public List<Map<String, Double>> sample() {
      return List.copyOf(kept);
    }
  }
}
