package io.fabstream.drift.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.Severity;
import java.util.Map;

/**
 * The bodies each endpoint kind expects: a generic alert document, Slack's {@code text} and blocks,
 * a Teams MessageCard with the evidence as facts, an Airflow DAG run whose {@code dag_run_id} is
 * the request's idempotency key (Airflow refuses a second run of one id with 409), and a Kubeflow
 * run named by that key with the data window as run parameters.
 */
final class Payloads {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  static String alert(Endpoint.Kind kind, Alert a) {
    return switch (kind) {
      case WEBHOOK -> generic(a).toString();
      case SLACK -> slack(a).toString();
      case TEAMS -> teams(a).toString();
      default -> throw new IllegalArgumentException(kind + " endpoints take retraining requests");
    };
  }

  static ObjectNode generic(Alert a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("alert_id", a.getAlertId());
    n.put("severity", a.getSeverity().name());
    n.put("cause", a.getCause());
    n.put("message", a.getMessage());
    n.put("model", a.getModel());
    n.put("model_version", a.getModelVersion());
    n.put("tool", a.getTool());
    n.put("chamber", a.getChamber());
    n.put("metric", a.getMetric());
    if (a.getValue() != null) {
      n.put("value", a.getValue());
    }
    if (a.getThreshold() != null) {
      n.put("threshold", a.getThreshold());
    }
    n.put("window_start", a.getWindowStart() == null ? null : a.getWindowStart().toString());
    n.put("window_end", a.getWindowEnd() == null ? null : a.getWindowEnd().toString());
    n.put("sample_size", a.getSampleSize());
    n.put("raised_at", a.getRaisedAt().toString());
    ObjectNode evidence = n.putObject("evidence");
    a.getEvidence().forEach(evidence::put);
    return n;
  }

  static ObjectNode slack(Alert a) {
    ObjectNode n = JSON.createObjectNode();
    String icon =
        a.getSeverity() == Severity.CRITICAL
            ? ":rotating_light:"
            : a.getSeverity() == Severity.WARNING ? ":warning:" : ":information_source:";
    n.put("text", icon + " " + a.getSeverity() + " " + a.getCause() + ": " + a.getMessage());
    ArrayNode blocks = n.putArray("blocks");
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    section
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", "*" + a.getCause() + "* (" + a.getSeverity() + ")\n" + a.getMessage());
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", "alert `" + a.getAlertId() + "` raised " + a.getRaisedAt());
    return n;
  }

  static ObjectNode teams(Alert a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("@type", "MessageCard");
    n.put("@context", "https://schema.org/extensions");
    n.put("summary", a.getCause() + ": " + a.getMessage());
    n.put(
        "themeColor",
        a.getSeverity() == Severity.CRITICAL
            ? "D13438"
            : a.getSeverity() == Severity.WARNING ? "FFB900" : "0078D7");
    n.put("title", a.getSeverity() + " " + a.getCause());
    n.put("text", a.getMessage());
    ArrayNode facts = n.putArray("sections").addObject().putArray("facts");
    fact(facts, "alert", a.getAlertId());
    fact(facts, "model", a.getModel() + " v" + a.getModelVersion());
    if (a.getTool() != null) {
      fact(facts, "tool", a.getTool() + (a.getChamber() == null ? "" : "/" + a.getChamber()));
    }
    for (Map.Entry<String, String> e : a.getEvidence().entrySet()) {
      fact(facts, e.getKey(), e.getValue());
    }
    return n;
  }

  private static void fact(ArrayNode facts, String name, String value) {
    facts.addObject().put("name", name).put("value", value);
  }

  static ObjectNode conf(RetrainRequest r) {
    ObjectNode conf = JSON.createObjectNode();
    conf.put("request_id", r.getRequestId());
    conf.put("model", r.getModel());
    conf.put("model_version", r.getModelVersion());
    conf.put("reason", r.getReason());
    conf.put("data_from", r.getDataFrom() == null ? null : r.getDataFrom().toString());
    conf.put("data_to", r.getDataTo() == null ? null : r.getDataTo().toString());
    ArrayNode alerts = conf.putArray("alert_ids");
    r.getAlertIds().forEach(alerts::add);
    ObjectNode parameters = conf.putObject("parameters");
    r.getParameters().forEach(parameters::put);
    return conf;
  }

  /** Airflow's {@code POST /api/v1/dags/{dag_id}/dagRuns} body. */
  static String airflow(RetrainRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("dag_run_id", r.getRequestId());
    n.set("conf", conf(r));
    n.put("note", r.getReason());
    return n.toString();
  }

  /** Kubeflow Pipelines' {@code POST /apis/v2beta1/runs} body. */
  static String kubeflow(Endpoint e, RetrainRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("display_name", r.getRequestId());
    n.put("description", r.getReason());
    if (e.experimentId() != null) {
      n.put("experiment_id", e.experimentId());
    }
    ObjectNode ref = n.putObject("pipeline_version_reference");
    ref.put("pipeline_id", e.pipelineId());
    if (e.pipelineVersionId() != null) {
      ref.put("pipeline_version_id", e.pipelineVersionId());
    }
    ObjectNode params = n.putObject("runtime_config").putObject("parameters");
    conf(r)
        .fields()
        .forEachRemaining(
            f ->
                params.put(
                    f.getKey(),
                    f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
    return n.toString();
  }
}
