package io.fabstream.drift.dispatch;

import io.fabstream.schemas.Severity;
import java.net.URI;

/**
 * Where alerts and retraining requests go. Webhooks receive alerts as a generic JSON body, or
 * shaped for Slack's or Microsoft Teams' incoming webhooks; Airflow receives retraining requests as
 * a DAG run through its stable REST API, Kubeflow Pipelines as a run through its v2beta1 API.
 * Credentials are never in the configuration: {@code authEnv} and {@code secretEnv} name
 * environment variables (Kubernetes Secrets mounted as such).
 *
 * @param name unique name; part of every delivery id
 * @param kind what the endpoint is
 * @param url webhook URL, or the base URL of the Airflow or Kubeflow API
 * @param minSeverity alerts below it are not sent (webhooks)
 * @param dagId Airflow DAG to trigger
 * @param pipelineId Kubeflow pipeline to run
 * @param pipelineVersionId Kubeflow pipeline version, or null for the latest
 * @param experimentId Kubeflow experiment, or null for the default
 * @param models models whose requests this orchestrator takes (empty = by the request's target)
 * @param authEnv environment variable holding the {@code Authorization} header value, or null
 * @param secretEnv environment variable holding the webhook signing secret, or null
 */
public record Endpoint(
    String name,
    Kind kind,
    URI url,
    Severity minSeverity,
    String dagId,
    String pipelineId,
    String pipelineVersionId,
    String experimentId,
    java.util.List<String> models,
    String authEnv,
    String secretEnv) {

  /** Endpoint kinds. */
  public enum Kind {
    WEBHOOK,
    SLACK,
    TEAMS,
    AIRFLOW,
    KUBEFLOW;

    /** Whether it takes alerts (else retraining requests). */
    public boolean takesAlerts() {
      return this == WEBHOOK || this == SLACK || this == TEAMS;
    }
  }

  public Endpoint {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "an endpoint name is letters, digits, '.', '_' and '-', got '" + name + "'");
    }
    if (kind == null || url == null) {
      throw new IllegalArgumentException("endpoint " + name + " needs a kind and a URL");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("endpoint " + name + ": URL must be http(s), got " + url);
    }
    if (kind == Kind.AIRFLOW && (dagId == null || dagId.isBlank())) {
      throw new IllegalArgumentException("Airflow endpoint " + name + " needs a dagId");
    }
    if (kind == Kind.KUBEFLOW && (pipelineId == null || pipelineId.isBlank())) {
      throw new IllegalArgumentException("Kubeflow endpoint " + name + " needs a pipelineId");
    }
    minSeverity = minSeverity == null ? Severity.WARNING : minSeverity;
    models = models == null ? java.util.List.of() : java.util.List.copyOf(models);
  }

  /** A webhook of {@code kind} for alerts from {@code minSeverity}. */
  public static Endpoint webhook(String name, Kind kind, URI url, Severity minSeverity) {
    return new Endpoint(name, kind, url, minSeverity, null, null, null, null, null, null, null);
  }

  /** An Airflow DAG. */
  public static Endpoint airflow(String name, URI apiBase, String dagId) {
    return new Endpoint(
        name, Kind.AIRFLOW, apiBase, null, dagId, null, null, null, null, null, null);
  }

  /** A Kubeflow pipeline. */
  public static Endpoint kubeflow(String name, URI apiBase, String pipelineId, String experiment) {
    return new Endpoint(
        name, Kind.KUBEFLOW, apiBase, null, null, pipelineId, null, experiment, null, null, null);
  }

  /** A copy with a signing secret from {@code env}. */
  public Endpoint withSecretEnv(String env) {
    return new Endpoint(
        name,
        kind,
        url,
        minSeverity,
        dagId,
        pipelineId,
        pipelineVersionId,
        experimentId,
        models,
        authEnv,
        env);
  }

  /** A copy with the {@code Authorization} value from {@code env}. */
  public Endpoint withAuthEnv(String env) {
    return new Endpoint(
        name,
        kind,
        url,
        minSeverity,
        dagId,
        pipelineId,
        pipelineVersionId,
        experimentId,
        models,
        env,
        secretEnv);
  }
}
