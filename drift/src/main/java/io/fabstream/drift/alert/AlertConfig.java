package io.fabstream.drift.alert;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the alerting app.
 *
 * @param applicationId Kafka Streams application id
 * @param registryUrl schema registry
 * @param cooldown after an alert, the same cause in the same scope raises nothing for this long
 *     (event time), so a drifting chamber pages an engineer once, not every hour
 * @param spcBucket time bucket of each tool's anomaly rate on its p-chart
 * @param spcGrace how long after a bucket's end late predictions still count in it
 * @param spcBaselineBuckets buckets that estimate each tool's centre line before rules apply (Phase
 *     I of a control chart)
 * @param spcMinWindows scored windows a bucket needs to be placed on the chart
 * @param orchestrators orchestrator ({@code airflow} or {@code kubeflow}) per model; models not
 *     listed get retraining requests on the topic with no target
 * @param trainingSpan how far back a retraining request's data window reaches
 * @param streamThreads Kafka Streams threads
 */
public record AlertConfig(
    String applicationId,
    String registryUrl,
    Duration cooldown,
    Duration spcBucket,
    Duration spcGrace,
    int spcBaselineBuckets,
    long spcMinWindows,
    Map<String, String> orchestrators,
    Duration trainingSpan,
    int streamThreads) {

  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "fabstream-drift-alerts";

  public AlertConfig {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("the alerting app needs an application id");
    }
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalArgumentException("the alerting app needs the schema registry URL");
    }
    positive("cooldown", cooldown);
    positive("SPC bucket", spcBucket);
    positive("training span", trainingSpan);
    if (spcGrace == null || spcGrace.isNegative()) {
      throw new IllegalArgumentException("SPC grace must not be negative, got " + spcGrace);
    }
    if (spcBaselineBuckets < 2) {
      throw new IllegalArgumentException(
          "a centre line needs at least 2 baseline buckets, got " + spcBaselineBuckets);
    }
    if (spcMinWindows < 1) {
      throw new IllegalArgumentException("SPC buckets need at least 1 window");
    }
    orchestrators = Map.copyOf(orchestrators);
    orchestrators.forEach(
        (model, target) -> {
          if (!target.equals("airflow") && !target.equals("kubeflow")) {
            throw new IllegalArgumentException(
                "model " + model + ": orchestrator must be airflow or kubeflow, got " + target);
          }
        });
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be at least 1, got " + streamThreads);
    }
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  /**
   * Cooldown 6 hours; hourly SPC buckets, 10 minutes grace, 8 baseline buckets of at least 20
   * windows; every shipped model retrained through Airflow on the last 14 days.
   */
  public static AlertConfig defaults(String registryUrl) {
    return new AlertConfig(
        DEFAULT_APPLICATION_ID,
        registryUrl,
        Duration.ofHours(6),
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        8,
        20,
        Map.of("wafer-cnn", "airflow", "trace-lstm", "airflow", "trace-lstm-etch-sim", "kubeflow"),
        Duration.ofDays(14),
        1);
  }

  /** A copy with other time settings (the embedded run's fab clock runs 60 times fast). */
  public AlertConfig withTimes(
      Duration newCooldown, Duration bucket, Duration grace, int baselineBuckets, long minWindows) {
    return new AlertConfig(
        applicationId,
        registryUrl,
        newCooldown,
        bucket,
        grace,
        baselineBuckets,
        minWindows,
        orchestrators,
        trainingSpan,
        streamThreads);
  }
}
