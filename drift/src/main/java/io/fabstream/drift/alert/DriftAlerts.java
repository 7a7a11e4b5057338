package io.fabstream.drift.alert;

import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a drifted report means for people and for the model: an alert with its evidence, and, when
 * the model's own accuracy fell (performance drift of accuracy over a whole version or a tool) or
 * its estimate did, a retraining request on the data since the drift began. A class's recall or a
 * shifted input raises an alert for an engineer to look at, not a retraining on its own.
 */
final class DriftAlerts {

  private final AlertConfig config;

  DriftAlerts(AlertConfig config) {
    this.config = config;
  }

  AlertCandidate of(DriftReport r) {
    String cause =
        switch (r.getKind()) {
          case PERFORMANCE -> "performance_drift";
          case DATA -> "data_drift";
          case PREDICTION -> "prediction_drift";
          case ESTIMATED_PERFORMANCE -> "estimated_performance_drift";
          default -> "drift";
        };
    String scope = scope(r);
    boolean accuracy = r.getMetric().equals("accuracy");
    Severity severity =
        r.getKind() == DriftKind.PERFORMANCE && accuracy ? Severity.CRITICAL : Severity.WARNING;
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("report_id", r.getReportId());
    evidence.put("kind", r.getKind().name());
    r.getDetails()
        .forEach(
            (k, v) -> {
              if (evidence.size() < 40) {
                evidence.put(k, String.format(Locale.ROOT, "%.6g", v));
              }
            });
    String id = String.join("|", cause, r.getModel(), r.getModelVersion(), scope, r.getMetric());
    Alert alert =
        Alert.newBuilder()
            .setAlertId(id)
            .setSeverity(severity)
            .setCause(cause)
            .setMessage(
                String.format(
                    Locale.ROOT,
                    "%s %s %s on %s: %s = %.4f%s over %d records (%s to %s)",
                    r.getModel(),
                    // input drift is the data's, whichever version scores it
                    r.getModelVersion().equals("inputs") ? "inputs" : "v" + r.getModelVersion(),
                    cause.replace('_', ' '),
                    scope.isEmpty() ? "all inputs" : scope,
                    r.getMetric(),
                    r.getValue(),
                    r.getThreshold() == null
                        ? ""
                        : String.format(
                            Locale.ROOT,
                            ", threshold %.4f%s",
                            r.getThreshold(),
                            r.getBaseline() == null
                                ? ""
                                : String.format(Locale.ROOT, " (baseline %.4f)", r.getBaseline())),
                    r.getSampleSize(),
                    r.getWindowStart(),
                    r.getWindowEnd()))
            .setModel(r.getModel())
            .setModelVersion(r.getModelVersion())
            .setTool(r.getTool())
            .setChamber(r.getChamber())
            .setMetric(r.getMetric())
            .setValue(r.getValue())
            .setThreshold(r.getThreshold())
            .setWindowStart(r.getWindowStart())
            .setWindowEnd(r.getWindowEnd())
            .setSampleSize(r.getSampleSize())
            .setRaisedAt(r.getWindowEnd())
            .setEvidence(evidence)
            .build();
    boolean retrain =
        accuracy
            && (r.getKind() == DriftKind.PERFORMANCE
                || r.getKind() == DriftKind.ESTIMATED_PERFORMANCE)
            && r.getChamber() == null
            && r.getProduct() == null;
    return new AlertCandidate(alert, retrain ? request(r, alert) : null);
  }

  RetrainRequest request(DriftReport r, Alert alert) {
    Instant to = r.getWindowEnd();
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("metric", r.getMetric());
    parameters.put("value", String.format(Locale.ROOT, "%.6f", r.getValue()));
    if (r.getBaseline() != null) {
      parameters.put("baseline", String.format(Locale.ROOT, "%.6f", r.getBaseline()));
    }
    parameters.put("labelled_topic", "fab.labelled-predictions");
    parameters.put(
        "input_topic", r.getModel().startsWith("wafer") ? "fab.wafer-maps" : "fab.mts-windows");
    if (r.getTool() != null) {
      parameters.put("tool", r.getTool());
    }
    return RetrainRequest.newBuilder()
        .setRequestId(
            String.join(
                ":",
                "retrain",
                r.getModel(),
                "v" + r.getModelVersion(),
                r.getMetric(),
                r.getTool() == null ? "all" : r.getTool(),
                String.valueOf(r.getWindowStart().toEpochMilli())))
        .setModel(r.getModel())
        .setModelVersion(r.getModelVersion())
        .setReason(alert.getMessage())
        .setAlertIds(List.of(alert.getAlertId()))
        .setDataFrom(to.minus(config.trainingSpan()))
        .setDataTo(to)
        .setOrchestrator(config.orchestrators().get(r.getModel()))
        .setParameters(parameters)
        .setRequestedAt(to)
        .build();
  }

  static String scope(DriftReport r) {
    if (r.getChamber() != null) {
      return "chamber=" + r.getTool() + "/" + r.getChamber();
    }
    if (r.getTool() != null) {
      return "tool=" + r.getTool();
    }
    if (r.getProduct() != null) {
      return "product=" + r.getProduct();
    }
    return "";
  }
}
