package io.fabstream.drift.data;

/**
 * Settings of the data drift app.
 *
 * @param applicationId Kafka Streams application id
 * @param registryUrl schema registry
 * @param traceModel the model the MTS windows feed (data drift reports are filed under it)
 * @param referenceSize observations per scope that set its reference
 * @param windowSize observations per judged window
 * @param rule when a window of inputs counts as drifted
 * @param outputRule when a window of outputs (fault probability, anomaly score) counts as drifted
 * @param streamThreads stream threads
 */
public record DataDriftAppConfig(
    String applicationId,
    String registryUrl,
    String traceModel,
    int referenceSize,
    int windowSize,
    DataDriftConfig rule,
    DataDriftConfig outputRule,
    int streamThreads) {

  /**
   * 400 step windows of a chamber (100 per step of a four-step recipe) set its reference; every 200
   * more are judged, with the default rule but three drifted features to alarm (one shifted gauge
   * shows in every step it is read in; a single feature alone is mostly seasoning). Outputs (fault
   * probability and anomaly score) alarm when both move: the fault probability of good windows
   * alone wanders with chamber ageing (one false alarm in an embedded run did just that).
   */
  public static DataDriftAppConfig defaults(String registryUrl, String traceModel) {
    return new DataDriftAppConfig(
        "fabstream-drift-data",
        registryUrl,
        traceModel,
        400,
        200,
        new DataDriftConfig(0.01, 0.25, 3, 10),
        new DataDriftConfig(0.01, 0.25, 2, 10),
        1);
  }

  public DataDriftAppConfig {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId must not be blank");
    }
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalArgumentException("registryUrl must not be blank");
    }
    if (traceModel == null || traceModel.isBlank()) {
      throw new IllegalArgumentException("traceModel must not be blank");
    }
    if (referenceSize < 10) {
      throw new IllegalArgumentException(
          "referenceSize must be at least 10 observations, got " + referenceSize);
    }
    if (windowSize < 10) {
      throw new IllegalArgumentException(
          "windowSize must be at least 10 observations, got " + windowSize);
    }
    if (rule == null || outputRule == null) {
      throw new IllegalArgumentException("rule and outputRule must not be null");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be at least 1, got " + streamThreads);
    }
  }

  /** A copy with other sizes. */
  public DataDriftAppConfig withSizes(int reference, int window) {
    return new DataDriftAppConfig(
        applicationId, registryUrl, traceModel, reference, window, rule, outputRule, streamThreads);
  }
}
