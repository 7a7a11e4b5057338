package io.fabstream.inference.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a scorer needs to use one model version correctly and everything an auditor needs to
 * trust it: the graph's input and output, the preprocessing it was trained with, the classes, the
 * data it was trained on, its held-back metrics and a SHA-256 of every file.
 *
 * @param name model name, e.g. {@code wafer-cnn}
 * @param version version number within the name (1, 2, ...)
 * @param createdAt when training finished
 * @param architecture the network family and its hyper-parameters, enough to rebuild the DJL block
 * @param input the input tensor
 * @param outputColumns meaning of each column of the output row (class probabilities, then any
 *     score)
 * @param labels class names in output order
 * @param preprocessing how raw records become the input tensor
 * @param trainingData what it was trained on
 * @param metrics held-back figures by name (accuracy, macro_f1, ...)
 * @param training how training went (time, epochs, seed, threads)
 * @param files SHA-256 (hex) of every file of the version, by file name
 * @param decision how a score row becomes a verdict, or null for the most probable class
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
    String name,
    int version,
    Instant createdAt,
    Architecture architecture,
    TensorSpec input,
    List<String> outputColumns,
    List<String> labels,
    Preprocessing preprocessing,
    TrainingData trainingData,
    Map<String, Double> metrics,
    Map<String, Object> training,
    Map<String, String> files,
    Decision decision) {

  /** A manifest whose verdict is the most probable class. */
  public ModelManifest(
      String name,
      int version,
      Instant createdAt,
      Architecture architecture,
      TensorSpec input,
      List<String> outputColumns,
      List<String> labels,
      Preprocessing preprocessing,
      TrainingData trainingData,
      Map<String, Double> metrics,
      Map<String, Object> training,
      Map<String, String> files) {
    this(
        name,
        version,
        createdAt,
        architecture,
        input,
        outputColumns,
        labels,
        preprocessing,
        trainingData,
        metrics,
        training,
        files,
        null);
  }

  /**
   * How a score row becomes a verdict when the most probable class is not the right call: a fault
   * detector whose missed faults cost far more than a second look at a good wafer calls a run
   * faulty from a lower probability, set on predictions the model never trained on.
   *
   * @param positiveClass the class called from {@code threshold} up (e.g. {@code fault})
   * @param threshold its probability from which it is called, in (0, 1)
   * @param basis how the threshold was chosen, for the card and for audits
   */
  public record Decision(String positiveClass, double threshold, String basis) {

    public Decision {
      if (positiveClass == null || positiveClass.isBlank()) {
        throw new IllegalArgumentException("a decision rule needs its positive class");
      }
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException(
            "a decision threshold must lie in (0, 1), got " + threshold);
      }
    }
  }

  /**
   * The verdict on one score row (class probabilities first, in {@link #labels} order): the {@link
   * #decision}'s positive class when its probability reaches the threshold, else the most probable
   * of the other classes; without a decision rule, the most probable class.
   */
  public int classOf(float[] row) {
    int classes = labels.size();
    int positive = decision == null ? -1 : labels.indexOf(decision.positiveClass());
    if (positive >= 0 && row[positive] >= decision.threshold()) {
      return positive;
    }
    int best = positive == 0 ? 1 : 0;
    for (int c = best + 1; c < classes; c++) {
      if (c != positive && row[c] > row[best]) {
        best = c;
      }
    }
    return best;
  }

  /** The verdict of every row, as {@link #classOf(float[])}. */
  public int[] classesOf(float[][] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = classOf(rows[i]);
    }
    return out;
  }

  /** Name of the ONNX graph file in a version directory. */
  public static final String ONNX_FILE = "model.onnx";

  /** Name of the DJL parameter file in a version directory. */
  public static final String DJL_FILE = "model.djl.params";

  /** Name of the model card in a version directory. */
  public static final String CARD_FILE = "MODEL_CARD.md";

  /**
   * @param type {@code wafer-cnn} or {@code trace-lstm}
   * @param params hyper-parameters (grid, widths, hidden size, ...)
   */
  public record Architecture(String type, Map<String, Object> params) {}

  /**
   * @param name graph input name
   * @param shape shape with -1 for free axes (batch, and time for sequence models)
   * @param layout axis meaning, e.g. {@code NCHW} or {@code NTC}
   */
  public record TensorSpec(String name, List<Long> shape, String layout) {}

  /**
   * @param kind {@code wafer-grid} or {@code sensor-window}
   * @param grid G for wafer maps
   * @param length T for sensor windows (training length; the graphs accept any T)
   * @param sensors per-sensor normalisation, in column order, for sensor windows
   * @param windowMode the only window mode the model was trained on ({@code STEP_ALIGNED} or {@code
   *     SLIDING}), or null when it reads any window; scorers leave other windows unscored rather
   *     than judge an input unlike anything the model saw
   * @param stepProfiles per recipe step, the mean and deviation of good runs at every row of the
   *     window and for every sensor, or null. A recipe's steps drive sensors to setpoints far
   *     apart, with a ramp into each, so one mean and deviation per sensor would bury a fault of a
   *     few noise sigmas; against the good runs' profile at the same point of the same step it
   *     stands several units out, as in batch process monitoring. When set, a window's recipe step
   *     picks its profile, and windows of other steps or lengths are not scored
   * @param clip standardised values are clipped to {@code [-clip, clip]}, or null for no clipping;
   *     with statistics per step the ramp into a step sits hundreds of deviations away, and
   *     clipping keeps it from saturating the recurrent cell
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Preprocessing(
      Integer grid,
      String kind,
      Integer length,
      List<SensorStat> sensors,
      String windowMode,
      Map<String, StepProfile> stepProfiles,
      Double clip) {

    /** Preprocessing of a model that reads every window with one set of statistics. */
    public Preprocessing(Integer grid, String kind, Integer length, List<SensorStat> sensors) {
      this(grid, kind, length, sensors, null, null, null);
    }

    /** The clipping bound, infinite when none. */
    public double clipOrInfinity() {
      return clip == null ? Double.POSITIVE_INFINITY : clip;
    }
  }

  /**
   * What good runs look like through one recipe step, row by row of the resampled window.
   *
   * @param length T, rows of the window
   * @param mean {@code T x S} means, row-major (time first), sensors in the manifest's order
   * @param std {@code T x S} standard deviations (positive), same layout
   * @param runs good runs behind the profile
   */
  public record StepProfile(int length, float[] mean, float[] std, int runs) {

    public StepProfile {
      if (length < 2 || mean == null || std == null || mean.length != std.length) {
        throw new IllegalArgumentException("a step profile needs T >= 2 and equal-sized mean/std");
      }
      if (mean.length % length != 0) {
        throw new IllegalArgumentException(
            "a step profile of " + mean.length + " values is not " + length + " rows");
      }
    }
  }

  /**
   * Same fields as the feature job's sensor reference, so one file format serves both.
   *
   * @param name sensor name
   * @param count samples behind the statistics
   * @param mean mean in engineering units
   * @param std standard deviation (positive)
   */
  public record SensorStat(String name, long count, double mean, double std) {}

  /**
   * @param dataset dataset kind (wm811k, wafer-traces, ...)
   * @param files file name to SHA-256 of each file read
   * @param sha256 one hash over all of them, in name order
   * @param items items used for training (before any held-out split)
   * @param split how training, early-stopping and held-back sets were formed
   */
  public record TrainingData(
      String dataset, Map<String, String> files, String sha256, int items, String split) {}

  /** A copy with the file hashes set. */
  public ModelManifest withFiles(Map<String, String> hashes) {
    return new ModelManifest(
        name,
        version,
        createdAt,
        architecture,
        input,
        outputColumns,
        labels,
        preprocessing,
        trainingData,
        metrics,
        training,
        Map.copyOf(hashes),
        decision);
  }

  /** A copy with another version number. */
  public ModelManifest withVersion(int v) {
    return new ModelManifest(
        name,
        v,
        createdAt,
        architecture,
        input,
        outputColumns,
        labels,
        preprocessing,
        trainingData,
        metrics,
        training,
        files,
        decision);
  }

  /** A copy with a decision rule. */
  public ModelManifest withDecision(Decision rule) {
    return new ModelManifest(
        name,
        version,
        createdAt,
        architecture,
        input,
        outputColumns,
        labels,
        preprocessing,
        trainingData,
        metrics,
        training,
        files,
        rule);
  }
}
