package io.fabstream.app;

import io.fabstream.drift.data.DataDriftConfig;
import io.fabstream.drift.data.DatasetDriftCheck;
import io.fabstream.drift.data.DriftReplay;
import io.fabstream.drift.data.TraceMeans;
import io.fabstream.ingest.replay.DatasetKind;
import io.fabstream.ingest.replay.DatasetReader;
import io.fabstream.ingest.replay.Lam9600Reader;
import io.fabstream.ingest.replay.ReplayWafer;
import io.fabstream.platform.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays a recorded dataset through the data drift statistics the live apps use and scores them:
 * does every later campaign alarm, how many wafers does it take, and how often does a stable stream
 * alarm.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Replay a dataset (LAM 9600: experiments 29 -> 31 -> 33) through the data drift check (per-step"
            + " sensor means per wafer, PSI and KS against a reference from the first wafers). Ends"
            + " with one RESULT line.")
final class DriftCheckCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description = "The lam9600-etch folder or its CSV file.")
  Path data;

  @Option(
      names = "--reference",
      defaultValue = "20",
      description = "Wafers that set the reference (default: ${DEFAULT-VALUE}).")
  int reference;

  @Option(
      names = "--window",
      defaultValue = "10",
      description = "Wafers per judged window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--alpha",
      defaultValue = "0.01",
      description = "Family-wise KS significance over all features (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(
      names = "--min-psi",
      defaultValue = "0.25",
      description = "Smallest PSI that counts as a shift (default: ${DEFAULT-VALUE}).")
  double minPsi;

  @Option(
      names = "--min-features",
      defaultValue = "3",
      description =
          "Drifted features a window needs to alarm (default: ${DEFAULT-VALUE}: LAM's RF power and"
              + " throttle valve season within an experiment, one drifted feature alone is that).")
  int minFeatures;

  @Option(
      names = "--bins",
      defaultValue = "10",
      description = "Quantile bins per feature (default: ${DEFAULT-VALUE}).")
  int bins;

  @Option(
      names = "--permutations",
      defaultValue = "200",
      description =
          "Random orders of each experiment for the false alarm estimate (default: ${DEFAULT-VALUE}).")
  int permutations;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (reference < 2 || window < 2) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--reference and --window must be at least 2");
    }
    if (permutations < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--permutations must be >= 0");
    }
    DataDriftConfig rule = new DataDriftConfig(alpha, minPsi, minFeatures, bins);
    Path file = resolve(data);
    List<DriftReplay.Observation> stream = lamWafers(file);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%d wafers from %s, experiments %s; features: per-step sensor means (%d)%n",
        stream.size(),
        file,
        stream.stream().map(DriftReplay.Observation::segment).distinct().toList(),
        stream.get(0).features().size());
    DatasetDriftCheck.Result r;
    try (ProgressBar bar = new ProgressBar("stability permutations", permutations, System.err)) {
      r =
          new DatasetDriftCheck(rule, reference, window)
              .run(stream, permutations, seed, () -> bar.step(1));
    }
    out.printf(
        Locale.ROOT,
        "%nreference: %s (first %d wafers); windows of %d wafers; KS family-wise alpha %.3g, PSI >= %.2f%n",
        r.stream().referenceSegments(),
        reference,
        window,
        alpha,
        minPsi);
    out.printf(
        Locale.ROOT,
        "%-7s %-22s %-6s %-7s %-8s %s%n",
        "window",
        "experiments",
        "alarm",
        "maxPSI",
        "drifted",
        "most shifted features (KS D, PSI)");
    int i = 0;
    for (DriftReplay.Window w : r.stream().windows()) {
      out.printf(
          Locale.ROOT,
          "%-7d %-22s %-6s %-7.2f %-8d %s%n",
          i++,
          w.segments(),
          w.verdict().alarm() ? "ALARM" : "-",
          w.verdict().maxPsi(),
          w.verdict().drifted().size(),
          w.verdict().features().stream()
              .limit(3)
              .map(
                  f ->
                      String.format(
                          Locale.ROOT, "%s (%.2f, %.2f)", f.feature(), f.statistic(), f.psi()))
              .collect(Collectors.joining(", ")));
    }
    out.println();
    for (DatasetDriftCheck.Change c : r.changes()) {
      out.printf(
          Locale.ROOT,
          "experiment %s: %d of %d windows alarmed against the first reference; first alarm when %s"
              + " of it had run; against the previous experiment's reference after %s%n",
          c.segment(),
          c.alarmed(),
          c.windows(),
          delay(c.delayFromStart()),
          delay(c.delayFromPrevious()));
    }
    out.printf(
        Locale.ROOT,
        "stable (each experiment against its own first %d wafers): %d of %d windows alarmed in"
            + " recorded order, %d of %d over %d random orders%n",
        reference,
        r.stableAlarms(),
        r.stableWindows(),
        r.permutedAlarms(),
        r.permutedWindows(),
        permutations);
    DatasetDriftCheck.Change first = r.changes().isEmpty() ? null : r.changes().get(0);
    // windows holding any wafer of a later experiment than the reference's
    String base = stream.get(0).segment();
    List<DriftReplay.Window> drifted =
        r.stream().windows().stream().filter(w -> !w.onlyFrom(base)).toList();
    out.printf(
        Locale.ROOT,
        "RESULT dataset=lam9600-etch wafers=%d reference=%d window=%d windows=%d alarms=%d"
            + " drift_windows=%d drift_windows_alarmed=%d detection_delay=%d %s stable_windows=%d"
            + " false_alarms=%d false_alarm_rate=%.4f permuted_windows=%d"
            + " permuted_false_alarm_rate=%.4f%n",
        stream.size(),
        reference,
        window,
        r.stream().windows().size(),
        r.stream().alarms().size(),
        drifted.size(),
        drifted.stream().filter(w -> w.verdict().alarm()).count(),
        first == null ? -1 : first.delayFromStart(),
        r.changes().stream()
            .map(c -> "detection_delay_" + c.segment() + "=" + c.delayFromPrevious())
            .collect(Collectors.joining(" ")),
        r.stableWindows(),
        r.stableAlarms(),
        r.falseAlarmRate(),
        r.permutedWindows(),
        r.permutedFalseAlarmRate());
    out.flush();
    return 0;
  }

  private static String delay(int wafers) {
    return wafers < 0 ? "never" : wafers + " wafers";
  }

  private Path resolve(Path path) {
    if (Files.isDirectory(path)) {
      Path inside =
          DatasetKind.LAM9600.defaultPath(path.getParent() == null ? path : path.getParent());
      if (!Files.isRegularFile(inside)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "no lam9600_etch_machine.csv.gz in " + path);
      }
      return inside;
    }
    if (!Files.isRegularFile(path)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + path);
    }
    return path;
  }

  /**
   * The dataset's wafers in run order (wafer numbers within an experiment, experiments in order),
   * each with its per-step sensor means.
   */
  static List<DriftReplay.Observation> lamWafers(Path file) {
    List<DriftReplay.Observation> wafers = new ArrayList<>();
    try (DatasetReader reader = DatasetKind.LAM9600.open(file)) {
      while (reader.hasNext()) {
        ReplayWafer w = reader.next();
        String lot = w.samples().get(0).getLot();
        String experiment = lot.substring((Lam9600Reader.SOURCE + "-exp").length());
        wafers.add(
            new DriftReplay.Observation(w.waferId(), experiment, TraceMeans.of(w.samples())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    wafers.sort(Comparator.comparing(DriftReplay.Observation::id));
    return wafers;
  }
}
