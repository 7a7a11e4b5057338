package io.fabstream.app;

import io.fabstream.ingest.simulator.SensorShift;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The drift state as a downstream consumer sees it: the latest accuracy of each model version over
 * all its inputs (tumbling windows), the alerts and the retraining requests. The embedded run's
 * final lines show these.
 */
final class DriftOutputs extends CommittedOutputs {

  private final Deserializer<DriftReport> reports;
  private final Deserializer<Alert> alerts;
  private final Deserializer<RetrainRequest> requests;
  private final Map<String, DriftReport> latestAccuracy = new TreeMap<>();
  private final Map<String, DriftReport> latestEstimate = new TreeMap<>();
  private final List<Alert> raised = new ArrayList<>();
  private final List<Instant> raisedSeen = new ArrayList<>();
  private final List<RetrainRequest> retrain = new ArrayList<>();
  private final List<Instant> retrainSeen = new ArrayList<>();

  DriftOutputs(String bootstrap, String registryUrl) {
    super(
        bootstrap,
        List.of(
            TopicCatalog.DRIFT_REPORTS.name(),
            TopicCatalog.ALERTS.name(),
            TopicCatalog.RETRAIN_REQUESTS.name()),
        "drift-outputs");
    reports = FabSerdes.valueDeserializer(TopicCatalog.DRIFT_REPORTS, registryUrl);
    alerts = FabSerdes.valueDeserializer(TopicCatalog.ALERTS, registryUrl);
    requests = FabSerdes.valueDeserializer(TopicCatalog.RETRAIN_REQUESTS, registryUrl);
    start();
  }

  @Override
  synchronized void count(ConsumerRecord<byte[], byte[]> r) {
    if (r.topic().equals(TopicCatalog.DRIFT_REPORTS.name())) {
      DriftReport d = reports.deserialize(r.topic(), r.value());
      if (d.getMetric().equals("accuracy")
          && d.getKind() == DriftKind.ESTIMATED_PERFORMANCE
          && d.getTool() == null) {
        latestEstimate.merge(
            d.getModel() + " v" + d.getModelVersion(),
            d,
            (a, b) -> b.getWindowEnd().isAfter(a.getWindowEnd()) ? b : a);
      } else if (d.getMetric().equals("accuracy")
          && d.getKind() == DriftKind.PERFORMANCE
          && d.getTool() == null
          && d.getProduct() == null
          && d.getDetails().getOrDefault("rolling", 0.0) == 0.0) {
        latestAccuracy.merge(
            d.getModel() + " v" + d.getModelVersion(),
            d,
            (a, b) -> b.getWindowEnd().isAfter(a.getWindowEnd()) ? b : a);
      }
    } else if (r.topic().equals(TopicCatalog.ALERTS.name())) {
      raised.add(alerts.deserialize(r.topic(), r.value()));
      raisedSeen.add(Instant.now());
    } else {
      retrain.add(requests.deserialize(r.topic(), r.value()));
      retrainSeen.add(Instant.now());
    }
  }

  synchronized List<Alert> alerts() {
    return List.copyOf(raised);
  }

  synchronized List<RetrainRequest> retrainRequests() {
    return List.copyOf(retrain);
  }

  /**
   * How the drift loop answered an injected shift: alarms whose evidence ends before the shift
   * (false alarms), alarms after it that name another tool (false alarms too), and how long after
   * the shift, on the fab's clock and on the wall clock, the first alarm naming the shifted tool
   * (or all inputs) and the first retraining request arrived.
   *
   * @param shift the injected shift
   * @param wallInjected when the shift started on the wall clock
   */
  synchronized InjectionOutcome outcome(SensorShift shift, Instant wallInjected) {
    List<Alert> before = new ArrayList<>();
    List<Alert> otherTools = new ArrayList<>();
    Alert first = null;
    Instant firstSeen = null;
    for (int i = 0; i < raised.size(); i++) {
      Alert a = raised.get(i);
      Instant evidenceEnd = a.getWindowEnd() == null ? a.getRaisedAt() : a.getWindowEnd();
      if (!evidenceEnd.isAfter(shift.from())) {
        before.add(a);
      } else if (a.getTool() != null && !a.getTool().equals(shift.tool())
          || a.getChamber() != null
              && shift.chamber() != null
              && !a.getChamber().equals(shift.chamber())) {
        otherTools.add(a);
      } else if (first == null) {
        first = a;
        firstSeen = raisedSeen.get(i);
      }
    }
    Duration requestDelay = null;
    for (int i = 0; i < retrain.size(); i++) {
      if (retrain.get(i).getDataTo().isAfter(shift.from())) {
        requestDelay = Duration.between(wallInjected, retrainSeen.get(i));
        break;
      }
    }
    return new InjectionOutcome(
        before,
        otherTools,
        first,
        first == null ? null : Duration.between(shift.from(), first.getWindowEnd()),
        first == null ? null : Duration.between(wallInjected, firstSeen),
        requestDelay);
  }

  /**
   * What {@link #outcome} found.
   *
   * @param alarmsBefore alarms on evidence from before the shift
   * @param otherToolAlarms alarms after the shift on tools or chambers it did not touch
   * @param first the first alarm on the shifted tool or all inputs, or null
   * @param fabDelay shift start to the end of the first alarm's evidence, fab clock
   * @param wallDelay shift start to the first alarm's arrival, wall clock
   * @param retrainWallDelay shift start to the first retraining request covering it, wall clock
   */
  record InjectionOutcome(
      List<Alert> alarmsBefore,
      List<Alert> otherToolAlarms,
      Alert first,
      Duration fabDelay,
      Duration wallDelay,
      Duration retrainWallDelay) {

    /** One line for the end of the run. */
    String line() {
      return String.format(
          Locale.ROOT,
          "injected drift: first alarm %s after %s fab (%s wall) | retrain request after %s wall"
              + " | false alarms: %d before the shift, %d on other tools",
          first == null ? "none" : first.getCause() + " on " + scope(first),
          fabDelay == null ? "-" : minutes(fabDelay),
          wallDelay == null ? "-" : wallDelay.toSeconds() + " s",
          retrainWallDelay == null ? "-" : retrainWallDelay.toSeconds() + " s",
          alarmsBefore.size(),
          otherToolAlarms.size());
    }

    private static String scope(Alert a) {
      return a.getTool() == null ? "all inputs" : a.getTool();
    }

    private static String minutes(Duration d) {
      return d.toMinutes() + " min";
    }
  }

  /** Lines for the end of the run. */
  synchronized List<String> report() {
    List<String> lines = new ArrayList<>();
    StringBuilder acc = new StringBuilder("drift: latest accuracy");
    if (latestAccuracy.isEmpty()) {
      acc.append(" (no closed window yet)");
    }
    latestAccuracy.forEach(
        (model, d) ->
            acc.append(
                String.format(
                    Locale.ROOT,
                    " | %s %.3f of %d labelled, estimated %s (baseline %s)%s",
                    model,
                    d.getValue(),
                    d.getSampleSize(),
                    d.getDetails().containsKey("estimated_accuracy")
                        ? String.format(
                            Locale.ROOT, "%.3f", d.getDetails().get("estimated_accuracy"))
                        : "-",
                    d.getBaseline() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f", d.getBaseline()),
                    d.getDrifted() ? " DRIFTED" : "")));
    lines.add(acc.toString());
    StringBuilder est = new StringBuilder("drift: latest label-free estimate");
    if (latestEstimate.isEmpty()) {
      est.append(" (no closed window yet)");
    }
    latestEstimate.forEach(
        (model, d) ->
            est.append(
                String.format(
                    Locale.ROOT,
                    " | %s %.3f +- %.3f of %d predictions%s",
                    model,
                    d.getValue(),
                    d.getDetails().getOrDefault("standard_error", Double.NaN),
                    d.getSampleSize(),
                    d.getDrifted() ? " DRIFTED" : "")));
    lines.add(est.toString());
    for (Alert a : raised) {
      lines.add("alert " + a.getSeverity() + " " + a.getCause() + ": " + a.getMessage());
    }
    for (RetrainRequest q : retrain) {
      lines.add(
          "retrain request "
              + q.getRequestId()
              + " to "
              + (q.getOrchestrator() == null ? "any orchestrator" : q.getOrchestrator())
              + " on data "
              + q.getDataFrom()
              + " .. "
              + q.getDataTo());
    }
    return lines;
  }
}
