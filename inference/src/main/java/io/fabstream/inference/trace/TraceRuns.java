package io.fabstream.inference.trace;

import io.fabstream.inference.registry.ModelManifest.SensorStat;
import io.fabstream.inference.registry.ModelManifest.StepProfile;
import io.fabstream.inference.train.LabelledTensors;
import io.fabstream.ingest.replay.DatasetKind;
import io.fabstream.ingest.replay.DatasetReader;
import io.fabstream.ingest.replay.ReplayWafer;
import io.fabstream.ingest.simulator.ChamberHistory;
import io.fabstream.ingest.simulator.SimulatorConfig;
import io.fabstream.schemas.TraceSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The runs of a labelled trace dataset (Olszewski wafer traces, LAM 9600 etch, or the simulated
 * bay's history), one series per sensor, labelled {@code normal} or {@code fault}: one run per
 * wafer x recipe step, which is what the feature job's step-aligned windows hold (a whole wafer run
 * for a one-step recipe such as Olszewski's), each labelled with its wafer's label.
 *
 * @param sensors sensor names in column order
 * @param runs the runs
 */
public record TraceRuns(List<String> sensors, List<Run> runs) {

  /** Class names in output order. */
  public static final List<String> CLASSES = List.of("normal", "fault");

  /**
   * One run.
   *
   * @param id wafer id
   * @param label 0 normal, 1 fault
   * @param series {@code [S][n]} raw values
   * @param step recipe step the run covers, or null for a whole wafer run
   */
  public record Run(String id, int label, double[][] series, String step) {

    /** A whole wafer run. */
    public Run(String id, int label, double[][] series) {
      this(id, label, series, null);
    }
  }

  /**
   * The simulated etch bay's history as step-aligned runs (one per wafer x recipe step), labelled
   * fault where the simulator injected one into that step.
   */
  public static TraceRuns simulated(SimulatorConfig config, int lots) {
    List<Run> runs = new ArrayList<>();
    for (ChamberHistory.StepSegment seg : ChamberHistory.stepSegments(config, lots)) {
      runs.add(
          new Run(
              seg.waferId() + "/" + seg.step(), seg.faulty() ? 1 : 0, seg.series(), seg.step()));
    }
    return new TraceRuns(ChamberHistory.sensorNames(config), List.copyOf(runs));
  }

  /** Reads a file, guessing its format from the name (LAM 9600 files are CSV). */
  public static TraceRuns read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    DatasetKind kind = name.contains(".csv") ? DatasetKind.LAM9600 : DatasetKind.WAFER_TRACES;
    return read(file, kind);
  }

  /** Reads a file of the given format. */
  public static TraceRuns read(Path file, DatasetKind kind) {
    if (kind != DatasetKind.WAFER_TRACES && kind != DatasetKind.LAM9600) {
      throw new IllegalArgumentException(kind + " is not a trace dataset (wafer-traces, lam9600)");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no trace file at " + file.toAbsolutePath());
    }
    List<Run> runs = new ArrayList<>();
    List<String> sensors = null;
    try (DatasetReader reader = kind.open(file)) {
      while (reader.hasNext()) {
        ReplayWafer wafer = reader.next();
        List<TraceSample> samples = wafer.samples();
        if (samples.isEmpty()) {
          continue;
        }
        List<String> names =
            samples.get(0).getSensorNames().stream().map(Object::toString).toList();
        if (sensors == null) {
          sensors = names;
        } else if (!sensors.equals(names)) {
          throw new IllegalArgumentException(
              "run " + wafer.waferId() + " has sensors " + names + ", earlier runs " + sensors);
        }
        int label = "normal".equalsIgnoreCase(wafer.label()) ? 0 : 1;
        List<List<TraceSample>> steps = bySteps(samples);
        Map<String, Integer> seen = new HashMap<>();
        for (List<TraceSample> segment : steps) {
          String step = segment.get(0).getRecipeStep();
          int occurrence = seen.merge(step, 1, Integer::sum);
          String id = wafer.waferId() + "/" + step + (occurrence > 1 ? "#" + occurrence : "");
          runs.add(new Run(id, label, series(segment, names.size()), step));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs in " + file);
    }
    if (runs.stream().map(Run::step).distinct().count() == 1) {
      // a one-step recipe: a run is a wafer, named as the wafer
      runs.replaceAll(
          r ->
              new Run(
                  r.id().substring(0, r.id().lastIndexOf('/')), r.label(), r.series(), r.step()));
    }
    return new TraceRuns(sensors, List.copyOf(runs));
  }

  /**
   * A wafer's samples cut where the recipe step changes: the feature job's step-aligned windows are
   * one wafer x step, so a model learns from the same unit it will score.
   */
  private static List<List<TraceSample>> bySteps(List<TraceSample> samples) {
    List<List<TraceSample>> out = new ArrayList<>();
    List<TraceSample> current = new ArrayList<>();
    for (TraceSample sample : samples) {
      if (!current.isEmpty() && !current.get(0).getRecipeStep().equals(sample.getRecipeStep())) {
        out.add(current);
        current = new ArrayList<>();
      }
      current.add(sample);
    }
    out.add(current);
    if (out.size() > 1) {
      // as the feature job, which needs MIN_STEP_SAMPLES to cut a step-aligned window
      out.removeIf(segment -> segment.size() < MIN_STEP_SAMPLES);
    }
    return out;
  }

  /** The fewest samples of a step that make a run (the feature job's default minimum). */
  static final int MIN_STEP_SAMPLES = 3;

  private static double[][] series(List<TraceSample> samples, int sensors) {
    double[][] series = new double[sensors][samples.size()];
    for (int t = 0; t < samples.size(); t++) {
      List<Double> values = samples.get(t).getSensorValues();
      for (int c = 0; c < sensors; c++) {
        Double v = values.get(c);
        series[c][t] = v == null ? Double.NaN : v;
      }
    }
    fillMissing(series);
    return series;
  }

  /** Per-sensor mean and standard deviation over every sample of these runs. */
  public List<SensorStat> statistics(String source) {
    return statistics(runs);
  }

  /**
   * Per recipe step, the good (label 0) runs' mean and standard deviation at every row of the
   * window resampled to {@code length}, in the order steps first appear; every run must name its
   * step. A deviation is floored at a tenth of the sensor's median deviation in that step, so a row
   * where every good run reads the same value cannot turn noise into a huge score.
   */
  public Map<String, StepProfile> profilesByStep(int length) {
    Map<String, List<Run>> byStep = new LinkedHashMap<>();
    for (Run run : runs) {
      if (run.step() == null) {
        throw new IllegalStateException("run " + run.id() + " names no recipe step");
      }
      byStep.computeIfAbsent(run.step(), k -> new ArrayList<>());
      if (run.label() == 0) {
        byStep.get(run.step()).add(run);
      }
    }
    int s = sensors.size();
    Map<String, StepProfile> out = new LinkedHashMap<>();
    byStep.forEach(
        (step, good) -> {
          if (good.size() < 2) {
            throw new IllegalArgumentException(
                "recipe step " + step + " has " + good.size() + " good runs; a profile needs 2");
          }
          double[] sum = new double[length * s];
          double[] sq = new double[length * s];
          for (Run run : good) {
            float[] x = SensorWindowTensor.resample(run.series(), length);
            for (int i = 0; i < x.length; i++) {
              sum[i] += x[i];
              sq[i] += (double) x[i] * x[i];
            }
          }
          int n = good.size();
          float[] mean = new float[length * s];
          double[] std = new double[length * s];
          for (int i = 0; i < mean.length; i++) {
            double m = sum[i] / n;
            mean[i] = (float) m;
            std[i] = Math.sqrt(Math.max(0, (sq[i] - n * m * m) / (n - 1)));
          }
          float[] floored = new float[length * s];
          for (int c = 0; c < s; c++) {
            double[] column = new double[length];
            for (int k = 0; k < length; k++) {
              column[k] = std[k * s + c];
            }
            java.util.Arrays.sort(column);
            double floor = Math.max(1e-6, 0.1 * column[length / 2]);
            for (int k = 0; k < length; k++) {
              floored[k * s + c] = (float) Math.max(floor, std[k * s + c]);
            }
          }
          out.put(step, new StepProfile(length, mean, floored, n));
        });
    return out;
  }

  private List<SensorStat> statistics(List<Run> of) {
    List<SensorStat> stats = new ArrayList<>();
    for (int c = 0; c < sensors.size(); c++) {
      long n = 0;
      double mean = 0;
      double m2 = 0;
      for (Run run : of) {
        for (double v : run.series()[c]) {
          n++;
          double d = v - mean;
          mean += d / n;
          m2 += d * (v - mean);
        }
      }
      double std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
      stats.add(new SensorStat(sensors.get(c), n, mean, std > 1e-9 ? std : 1));
    }
    return stats;
  }

  /** The runs as model inputs. */
  public LabelledTensors tensors(SensorWindowTensor tensor) {
    return tensors(run -> tensor);
  }

  /** The runs as model inputs, each through the tensor its run picks (e.g. by recipe step). */
  public LabelledTensors tensors(Function<Run, SensorWindowTensor> tensorOf) {
    List<float[]> inputs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int[] labels = new int[runs.size()];
    SensorWindowTensor tensor = null;
    for (int i = 0; i < runs.size(); i++) {
      tensor = tensorOf.apply(runs.get(i));
      inputs.add(tensor.fromSeries(runs.get(i).series()));
      ids.add(runs.get(i).id());
      labels[i] = runs.get(i).label();
    }
    return new LabelledTensors(
        new long[] {tensor == null ? 0 : tensor.length(), sensors.size()},
        inputs,
        labels,
        ids,
        CLASSES);
  }

  /** The runs at the given positions of {@code ids}. */
  public TraceRuns only(List<String> ids) {
    java.util.Set<String> keep = new java.util.HashSet<>(ids);
    return new TraceRuns(sensors, runs.stream().filter(r -> keep.contains(r.id())).toList());
  }

  private static void fillMissing(double[][] series) {
    for (double[] s : series) {
      double last = Double.NaN;
      for (int t = 0; t < s.length; t++) {
        if (Double.isNaN(s[t])) {
          s[t] = last;
        } else {
          last = s[t];
        }
      }
      double first = Double.NaN;
      for (int t = s.length - 1; t >= 0; t--) {
        if (Double.isNaN(s[t])) {
          s[t] = Double.isNaN(first) ? 0 : first;
        } else {
          first = s[t];
        }
      }
    }
  }
}
