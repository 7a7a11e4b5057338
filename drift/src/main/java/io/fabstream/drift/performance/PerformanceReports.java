package io.fabstream.drift.performance;

import io.fabstream.drift.baseline.ModelBaselines.Baseline;
import io.fabstream.drift.estimate.ConfidenceBasedEstimate;
import io.fabstream.drift.stats.ConfusionMatrix;
import io.fabstream.drift.stats.PerformanceCheck;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one scope's closed window into {@link DriftReport}s: accuracy and each class's recall
 * checked against the model card with Wilson bounds and minimum counts, macro-F1 beside them for
 * the dashboards (reported, never alarmed on: it has no confidence bound), and the confusion matrix
 * in the details.
 */
final class PerformanceReports {

  private final PerformanceCheck check;
  private final long minClassSupport;

  PerformanceReports(PerformanceCheck check, long minClassSupport) {
    this.check = check;
    this.minClassSupport = minClassSupport;
  }

  /**
   * The reference a metric of a scope is held to, besides the card: what the stream itself showed
   * in its first windows ({@link ReferenceBook}).
   */
  interface References {
    /** The reference proportion of {@code metric}, or empty while it is being established. */
    Optional<Double> of(String metric);

    /** Whether references are in use at all (else the card alone decides). */
    boolean enabled();

    /** Records one window's {@code k} of {@code n} while the reference is being established. */
    void observe(String metric, long k, long n);

    /** No references: the card alone. */
    References NONE =
        new References() {
          @Override
          public Optional<Double> of(String metric) {
            return Optional.empty();
          }

          @Override
          public boolean enabled() {
            return false;
          }

          @Override
          public void observe(String metric, long k, long n) {}
        };
  }

  List<DriftReport> of(
      Scope scope,
      String windowKind,
      Instant start,
      Instant end,
      PerformanceTally tally,
      Optional<Baseline> baseline) {
    return of(scope, windowKind, start, end, tally, baseline, References.NONE);
  }

  List<DriftReport> of(
      Scope scope,
      String windowKind,
      Instant start,
      Instant end,
      PerformanceTally tally,
      Optional<Baseline> baseline,
      References references) {
    ConfusionMatrix m = tally.matrix();
    if (m == null || m.total() == 0) {
      return List.of();
    }
    List<DriftReport> out = new ArrayList<>();
    Map<String, Double> common = new LinkedHashMap<>();
    common.put("rolling", windowKind.equals("rolling") ? 1.0 : 0.0);
    common.put("unknown_labels", (double) tally.unknownLabels());
    Map<String, Double> accuracyDetails = confusion(m, common);
    if (tally.estimate().count() > 0) {
      // the label-free estimate of these same predictions, now that their labels are in
      ConfidenceBasedEstimate.Comparison c = tally.estimate().compare(m.correct(), m.total());
      accuracyDetails.put("estimated_accuracy", c.expectedAccuracy());
      accuracyDetails.put("estimate_se", c.standardError());
      accuracyDetails.put("estimate_error", c.expectedAccuracy() - c.realisedAccuracy());
      accuracyDetails.put("estimate_gap_in_se", c.differenceInStandardErrors());
    }
    out.add(
        checked(
            scope,
            windowKind,
            start,
            end,
            "accuracy",
            m.correct(),
            m.total(),
            baseline.flatMap(Baseline::accuracy),
            check.config().minCount(),
            accuracyDetails,
            references));
    for (int c = 0; c < m.classCount(); c++) {
      long support = m.support(c);
      if (support == 0) {
        continue;
      }
      String label = m.classNames().get(c);
      Map<String, Double> details = new LinkedHashMap<>(common);
      details.put("precision", m.precision(c));
      details.put("predicted", (double) m.predicted(c));
      out.add(
          checked(
              scope,
              windowKind,
              start,
              end,
              "recall:" + label,
              m.truePositives(c),
              support,
              baseline.flatMap(b -> b.recall(label)),
              minClassSupport,
              details,
              references));
    }
    Map<String, Double> f1 = new LinkedHashMap<>(common);
    for (int c = 0; c < m.classCount(); c++) {
      if (m.support(c) > 0 || m.predicted(c) > 0) {
        f1.put("f1:" + m.classNames().get(c), m.f1(c));
      }
    }
    out.add(
        report(
            scope,
            windowKind,
            start,
            end,
            "macro_f1",
            m.macroF1(),
            baseline.flatMap(Baseline::macroF1).orElse(null),
            null,
            m.total(),
            false,
            f1));
    return out;
  }

  private DriftReport checked(
      Scope scope,
      String windowKind,
      Instant start,
      Instant end,
      String metric,
      long successes,
      long n,
      Optional<Double> card,
      long minimum,
      Map<String, Double> details,
      References references) {
    Map<String, Double> d = new LinkedHashMap<>(details);
    d.put("successes", (double) successes);
    card.ifPresent(c -> d.put("card", c));
    Optional<Double> baseline = card;
    if (references.enabled()) {
      Optional<Double> reference = references.of(metric);
      if (reference.isEmpty()) {
        if (windowKind.equals("tumbling") && n >= minimum) {
          references.observe(metric, successes, n);
        }
        d.put("establishing_reference", 1.0);
        return report(
            scope,
            windowKind,
            start,
            end,
            metric,
            successes / (double) n,
            card.orElse(null),
            null,
            n,
            false,
            d);
      }
      d.put("reference", reference.get());
      // held to what this fab's stream showed when it was known good, never above the card
      baseline = Optional.of(card.map(c -> Math.min(c, reference.get())).orElse(reference.get()));
    }
    if (baseline.isEmpty()) {
      d.put("no_baseline", 1.0);
      return report(
          scope, windowKind, start, end, metric, successes / (double) n, null, null, n, false, d);
    }
    PerformanceCheck.Result r = check.evaluate(successes, n, baseline.get());
    d.put("lower", r.lower());
    d.put("upper", r.upper());
    d.put("evaluated", r.evaluated() ? 1.0 : 0.0);
    boolean drifted = r.drifted() && n >= minimum;
    return report(
        scope,
        windowKind,
        start,
        end,
        metric,
        r.value(),
        r.baseline(),
        r.threshold(),
        n,
        drifted,
        d);
  }

  private static Map<String, Double> confusion(ConfusionMatrix m, Map<String, Double> common) {
    Map<String, Double> d = new LinkedHashMap<>(common);
    long[][] counts = m.counts();
    for (int a = 0; a < counts.length; a++) {
      for (int p = 0; p < counts.length; p++) {
        if (counts[a][p] > 0) {
          d.put("cm:" + m.classNames().get(a) + ">" + m.classNames().get(p), (double) counts[a][p]);
        }
      }
    }
    return d;
  }

  static DriftReport report(
      Scope scope,
      String windowKind,
      Instant start,
      Instant end,
      String metric,
      double value,
      Double baseline,
      Double threshold,
      long n,
      boolean drifted,
      Map<String, Double> details) {
    return DriftReport.newBuilder()
        .setReportId(
            String.format(
                Locale.ROOT,
                "%s|%s|%s|%s|%d|%d",
                scope.key(),
                "performance",
                metric,
                windowKind,
                start.toEpochMilli(),
                end.toEpochMilli()))
        .setModel(scope.model())
        .setModelVersion(scope.version())
        .setKind(DriftKind.PERFORMANCE)
        .setMetric(metric)
        .setTool(scope.tool())
        .setChamber(scope.chamber())
        .setProduct(scope.product())
        .setWindowStart(start)
        .setWindowEnd(end)
        .setValue(value)
        .setBaseline(baseline)
        .setThreshold(threshold)
        .setSampleSize(n)
        .setDrifted(drifted)
        .setDetails(details)
        .build();
  }
}
