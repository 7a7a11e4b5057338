package io.fabstream.inference.scoring;

import io.fabstream.inference.registry.ModelManifest.SensorStat;
import io.fabstream.inference.runtime.DirectBatch;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.trace.SensorWindowTensor;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WindowValues;
import java.nio.FloatBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores MTS windows with one trace-model version. The model's sensors are picked out of each
 * window by name (a window may carry more sensors than the model reads, in any order) and
 * standardised with the statistics the model shipped with; windows of equal length share a model
 * call.
 */
final class MtsWindowScorer implements BatchScorer<MtsWindow, TracePrediction> {

  /** Longest window accepted: a guard against a malformed length, far above real windows. */
  static final int MAX_LENGTH = 10_000;

  /** Reason of a window whose sensors the model does not read. */
  static final String NOT_COVERED = "SENSORS_NOT_COVERED";

  /** Reason of a window of a mode the model was not trained on. */
  static final String MODE_NOT_COVERED = "WINDOW_MODE_NOT_COVERED";

  /** Reason of a window of a recipe step the model has no profile of. */
  static final String STEP_NOT_COVERED = "STEP_NOT_COVERED";

  /** Reason of a window whose length differs from the model's step profiles. */
  static final String LENGTH_NOT_COVERED = "LENGTH_NOT_COVERED";

  private final ModelRunner runner;
  private final int maxBatch;
  private final List<SensorStat> sensors;
  private final SensorWindowTensor tensor;
  private final String windowMode;
  private final Map<String, SensorWindowTensor> stepTensors;
  private final int profileLength;
  private final List<String> labels;
  private final Map<Integer, DirectBatch> batches = new HashMap<>();

  MtsWindowScorer(ModelRunner runner, int maxBatch) {
    this.runner = runner;
    this.maxBatch = maxBatch;
    var pre = runner.model().manifest().preprocessing();
    if (pre.sensors() == null || pre.sensors().isEmpty() || pre.length() == null) {
      throw new IllegalArgumentException(
          runner.model().tag() + " has no sensor normalisation in its manifest");
    }
    this.sensors = List.copyOf(pre.sensors());
    this.tensor = new SensorWindowTensor(pre.length(), sensors, null, pre.clipOrInfinity());
    this.windowMode = pre.windowMode();
    this.profileLength = pre.length();
    if (pre.stepProfiles() == null) {
      this.stepTensors = null;
    } else {
      this.stepTensors = new HashMap<>();
      pre.stepProfiles()
          .forEach(
              (step, profile) ->
                  stepTensors.put(
                      step,
                      new SensorWindowTensor(
                          pre.length(), sensors, profile, pre.clipOrInfinity())));
    }
    this.labels = List.copyOf(runner.model().manifest().labels());
    if (labels.size() != 2 || runner.outputSize() < 3) {
      throw new IllegalArgumentException(
          runner.model().tag() + " is not a two-class trace model with an anomaly score");
    }
  }

  @Override
  public ModelRunner runner() {
    return runner;
  }

  @Override
  public void score(
      List<Pending<MtsWindow>> items, boolean shadow, Verdicts<TracePrediction> verdicts) {
    Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
    Map<Integer, float[]> normalised = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      MtsWindow w = items.get(i).value();
      String outside = outsideTraining(w);
      if (outside != null) {
        verdicts.outOfScope(i, outside);
        continue;
      }
      String problem = problem(w);
      if (problem != null && problem.startsWith(NOT_COVERED)) {
        verdicts.outOfScope(i, problem);
        continue;
      }
      if (problem != null) {
        verdicts.unscorable(i, problem.substring(0, problem.indexOf(':')), problem);
        continue;
      }
      normalised.put(i, select(w));
      byLength.computeIfAbsent(w.getLength(), t -> new ArrayList<>()).add(i);
    }
    byLength.forEach(
        (length, indices) -> run(items, length, indices, normalised, shadow, verdicts));
  }

  private void run(
      List<Pending<MtsWindow>> items,
      int length,
      List<Integer> indices,
      Map<Integer, float[]> normalised,
      boolean shadow,
      Verdicts<TracePrediction> verdicts) {
    int s = sensors.size();
    DirectBatch batch =
        batches.computeIfAbsent(length, t -> new DirectBatch(maxBatch, t * s, runner.outputSize()));
    FloatBuffer input = batch.input();
    for (int k = 0; k < indices.size(); k++) {
      batch.put(k, normalised.get(indices.get(k)));
    }
    runner.run(input, indices.size(), new long[] {length, s}, batch.output());
    long done = System.nanoTime();
    Instant scoredAt = Instant.now();
    String version = String.valueOf(runner.model().manifest().version());
    for (int k = 0; k < indices.size(); k++) {
      Pending<MtsWindow> item = items.get(indices.get(k));
      MtsWindow w = item.value();
      float[] row = batch.row(k);
      double fault = row[1];
      verdicts.prediction(
          indices.get(k),
          TracePrediction.newBuilder()
              .setWindowId(w.getWindowId())
              .setTool(w.getTool())
              .setChamber(w.getChamber())
              .setRecipe(w.getRecipe())
              .setRecipeStep(w.getRecipeStep())
              .setLot(w.getLot())
              .setWafers(new ArrayList<>(w.getWafers()))
              .setWindowStart(w.getWindowStart())
              .setWindowEnd(w.getWindowEnd())
              .setPredictedClass(labels.get(runner.model().manifest().classOf(row)))
              .setFaultProbability(fault)
              .setAnomalyScore((double) row[2])
              .setModel(runner.model().manifest().name())
              .setModelVersion(version)
              .setEngine(runner.engine().id())
              .setDevice(runner.device())
              .setScoringLatencyMicros((done - item.arrivalNanos()) / 1_000)
              .setScoredAt(scoredAt)
              .setLineage(item.source().lineage())
              .setShadow(shadow)
              .build());
    }
  }

  /**
   * Why the model was not trained for this window (another window mode, or a recipe step it has no
   * statistics for), or null. Such windows are left unscored, not dead-lettered: they are valid,
   * just not this model's business.
   */
  private String outsideTraining(MtsWindow w) {
    if (windowMode != null && !windowMode.equals(w.getMode().name())) {
      return MODE_NOT_COVERED
          + ": "
          + runner.model().tag()
          + " reads "
          + windowMode
          + " windows, this one is "
          + w.getMode();
    }
    if (stepTensors != null
        && (w.getRecipeStep() == null || !stepTensors.containsKey(w.getRecipeStep()))) {
      return STEP_NOT_COVERED
          + ": "
          + runner.model().tag()
          + " has profiles of recipe steps "
          + new java.util.TreeSet<>(stepTensors.keySet())
          + ", not "
          + w.getRecipeStep();
    }
    if (stepTensors != null && w.getLength() != profileLength) {
      return LENGTH_NOT_COVERED
          + ": "
          + runner.model().tag()
          + " has step profiles of "
          + profileLength
          + " rows, the window has "
          + w.getLength();
    }
    return null;
  }

  /** Why a window cannot be scored ({@code CODE: explanation}), or null. */
  private String problem(MtsWindow w) {
    int t = w.getLength();
    int width = w.getSensorNames().size();
    if (t < 2 || t > MAX_LENGTH) {
      return "BAD_LENGTH: window length " + t + " is outside 2.." + MAX_LENGTH;
    }
    int count;
    try {
      count = WindowValues.count(w);
    } catch (IllegalArgumentException e) {
      return "BAD_SHAPE: " + e.getMessage();
    }
    if ((long) t * width != count) {
      return "BAD_SHAPE: window holds " + count + " values, not " + t + " x " + width;
    }
    List<String> missing = new ArrayList<>();
    for (SensorStat stat : sensors) {
      if (!containsName(w.getSensorNames(), stat.name())) {
        missing.add(stat.name());
      }
    }
    if (!missing.isEmpty()) {
      return NOT_COVERED
          + ": "
          + runner.model().tag()
          + " reads sensors "
          + sensors.stream().map(SensorStat::name).toList()
          + "; the window lacks "
          + missing;
    }
    return null;
  }

  private static boolean containsName(List<? extends CharSequence> names, String name) {
    for (CharSequence n : names) {
      if (n.toString().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The model's sensors out of the window, time first, standardised. */
  private float[] select(MtsWindow w) {
    int t = w.getLength();
    List<? extends CharSequence> names = w.getSensorNames();
    int width = names.size();
    int[] column = new int[sensors.size()];
    for (int c = 0; c < sensors.size(); c++) {
      for (int j = 0; j < width; j++) {
        if (names.get(j).toString().equals(sensors.get(c).name())) {
          column[c] = j;
          break;
        }
      }
    }
    float[] values = WindowValues.read(w, null);
    float[] raw = new float[t * sensors.size()];
    for (int r = 0; r < t; r++) {
      for (int c = 0; c < sensors.size(); c++) {
        raw[r * sensors.size() + c] = values[r * width + column[c]];
      }
    }
    float[] out = new float[raw.length];
    (stepTensors == null ? tensor : stepTensors.get(w.getRecipeStep()))
        .normaliseWindow(raw, t, out);
    return out;
  }

  @Override
  public void close() {
    runner.close();
  }
}
