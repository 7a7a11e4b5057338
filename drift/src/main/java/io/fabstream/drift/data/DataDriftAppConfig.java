package io.fabstream.drift.data;

/**
 * Settings of the data drift app.
 *
 * @param applicationId Kafka Streams application id
 * @param registryUrl schema registry
 * @param traceModel the model the MTS windows feed (data drift reports are filed under it)
 * @param waferModel the model the wafer maps feed (their profile's drift is filed under it)
 * @param referenceSize observations per scope that set its reference
 * @param windowSize observations per judged window
 * @param rule when a window of inputs counts as drifted
 * @param outputRule when a window of trace outputs (fault probability, anomaly score) counts as
 *     drifted
 * @param waferOutputRule when a window of wafer outputs (class mix, confidence) counts as drifted
 * @param savedReferences hold each scope to its model's saved drift reference (published with the
 *     version at training time) where there is one, instead of to the scope's first observations;
 *     off where the stream is not the training data's kind (the simulator's maps are not WM-811K's)
 * @param streamThreads stream threads
 */
public record DataDriftAppConfig(
    String applicationId,
    String registryUrl,
    String traceModel,
    String waferModel,
    int referenceSize,
    int windowSize,
    DataDriftConfig rule,
    DataDriftConfig outputRule,
    DataDriftConfig waferOutputRule,
    boolean savedReferences,
    int streamThreads) {

  /** The wafer model's registry name unless told otherwise. */
  public static final String DEFAULT_WAFER_MODEL = "wafer-cnn";

  /**
   * 400 step windows of a chamber (100 per step of a four-step recipe) set its reference; every 200
   * more are judged, with the default rule but three drifted features to alarm (one shifted gauge
   * shows in every step it is read in; a single feature alone is mostly seasoning). Outputs (fault
   * probability and anomaly score) alarm when both move: the fault probability of good windows
   * alone wanders with chamber ageing (one false alarm in an embedded run did just that). Wafer
   * maps share the input rule (three of the six profile features); the wafer CNN's outputs alarm on
   * one of class mix and confidence, since a shifted class mix is news on its own.
   */
  public static DataDriftAppConfig defaults(String registryUrl, String traceModel) {
    return new DataDriftAppConfig(
        "fabstream-drift-data",
        registryUrl,
        traceModel,
        DEFAULT_WAFER_MODEL,
        400,
        200,
        new DataDriftConfig(0.01, 0.25, 3, 10),
        new DataDriftConfig(0.01, 0.25, 2, 10),
        new DataDriftConfig(0.01, 0.25, 1, 10),
        true,
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
    if (waferModel == null || waferModel.isBlank()) {
      throw new IllegalArgumentException("waferModel must not be blank");
    }
    if (referenceSize < 10) {
      throw new IllegalArgumentException(
          "referenceSize must be at least 10 observations, got " + referenceSize);
    }
    if (windowSize < 10) {
      throw new IllegalArgumentException(
          "windowSize must be at least 10 observations, got " + windowSize);
    }
    if (rule == null || outputRule == null || waferOutputRule == null) {
      throw new IllegalArgumentException("rule, outputRule and waferOutputRule must not be null");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be at least 1, got " + streamThreads);
    }
  }

  /** A copy with other sizes. */
  public DataDriftAppConfig withSizes(int reference, int window) {
    return new DataDriftAppConfig(
        applicationId,
        registryUrl,
        traceModel,
        waferModel,
        reference,
        window,
        rule,
        outputRule,
        waferOutputRule,
        savedReferences,
        streamThreads);
  }

  /** A copy that does or does not use the models' saved references. */
  public DataDriftAppConfig withSavedReferences(boolean use) {
    return new DataDriftAppConfig(
        applicationId,
        registryUrl,
        traceModel,
        waferModel,
        referenceSize,
        windowSize,
        rule,
        outputRule,
        waferOutputRule,
        use,
        streamThreads);
  }
}
