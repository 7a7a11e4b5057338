package io.fabstream.ingest.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the validation app can be told, with defaults that suit a fab. Checked when built, so
 * a wrong setting stops the launcher with a message naming it instead of dead-lettering every
 * record later.
 *
 * @param applicationId Kafka Streams application id (consumer group, transactional id prefix)
 * @param registryUrl schema registry root URL, e.g. {@code http://localhost:8081}
 * @param sensorLimits physical limits per sensor name or pattern; the first matching one applies
 * @param absoluteSensorBound bound on |value| for every sensor, matched by a pattern or not
 * @param maxFutureSkew how far an event time may lie beyond now (equipment clock skew)
 * @param oldestEventTime the oldest event time accepted; earlier ones are unset or broken clocks
 * @param maxGridSide largest number of die rows or columns on a wafer map
 * @param maxSlot slots in a carrier (wafers per lot)
 * @param streamThreads Kafka Streams threads
 */
public record ValidationConfig(
    String applicationId,
    String registryUrl,
    List<SensorLimit> sensorLimits,
    double absoluteSensorBound,
    Duration maxFutureSkew,
    Instant oldestEventTime,
    int maxGridSide,
    int maxSlot,
    int streamThreads) {

  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "fabstream-validation";

  /**
   * Default limits per sensor family, in the engineering units fab FDC systems report: pressure in
   * Pa or mTorr (never negative), RF and heater power in W, temperatures in degrees C (not below
   * absolute zero), gas flows in sccm.
   */
  public static final List<SensorLimit> DEFAULT_SENSOR_LIMITS =
      List.of(
          new SensorLimit("*pressure*", 0, 200_000),
          new SensorLimit("*power*", 0, 100_000),
          new SensorLimit("*temp*", -273.15, 3_000),
          new SensorLimit("*flow*", 0, 100_000));

  /** Meaning of each setting, for the launcher's help and the start-up log. */
  public static final Map<String, String> DESCRIPTIONS = descriptions();

  public ValidationConfig {
    require(
        applicationId != null && applicationId.matches("[A-Za-z0-9._-]+"),
        "applicationId must be letters, digits, '.', '_' or '-', got '" + applicationId + "'");
    requireRegistryUrl(registryUrl);
    require(sensorLimits != null, "sensorLimits must be set (may be empty)");
    sensorLimits = List.copyOf(sensorLimits);
    require(
        absoluteSensorBound > 0 && !Double.isNaN(absoluteSensorBound),
        "absoluteSensorBound must be positive, got " + absoluteSensorBound);
    require(
        maxFutureSkew != null && !maxFutureSkew.isNegative(),
        "maxFutureSkew must be zero or positive, got " + maxFutureSkew);
    require(oldestEventTime != null, "oldestEventTime must be set");
    require(
        maxGridSide >= 1 && maxGridSide <= 4096,
        "maxGridSide must be 1..4096 dies, got " + maxGridSide);
    require(maxSlot >= 1 && maxSlot <= 1000, "maxSlot must be 1..1000, got " + maxSlot);
    require(
        streamThreads >= 1 && streamThreads <= 64,
        "streamThreads must be 1..64, got " + streamThreads);
  }

  /** Defaults for everything but the registry URL. */
  public static ValidationConfig defaults(String registryUrl) {
    return new ValidationConfig(
        DEFAULT_APPLICATION_ID,
        registryUrl,
        DEFAULT_SENSOR_LIMITS,
        1e9,
        Duration.ofMinutes(5),
        Instant.parse("2000-01-01T00:00:00Z"),
        512,
        25,
        1);
  }

  public ValidationConfig withApplicationId(String id) {
    return new ValidationConfig(
        id,
        registryUrl,
        sensorLimits,
        absoluteSensorBound,
        maxFutureSkew,
        oldestEventTime,
        maxGridSide,
        maxSlot,
        streamThreads);
  }

  public ValidationConfig withSensorLimits(List<SensorLimit> limits) {
    return new ValidationConfig(
        applicationId,
        registryUrl,
        limits,
        absoluteSensorBound,
        maxFutureSkew,
        oldestEventTime,
        maxGridSide,
        maxSlot,
        streamThreads);
  }

  public ValidationConfig withAbsoluteSensorBound(double bound) {
    return new ValidationConfig(
        applicationId,
        registryUrl,
        sensorLimits,
        bound,
        maxFutureSkew,
        oldestEventTime,
        maxGridSide,
        maxSlot,
        streamThreads);
  }

  public ValidationConfig withMaxFutureSkew(Duration skew) {
    return new ValidationConfig(
        applicationId,
        registryUrl,
        sensorLimits,
        absoluteSensorBound,
        skew,
        oldestEventTime,
        maxGridSide,
        maxSlot,
        streamThreads);
  }

  public ValidationConfig withOldestEventTime(Instant oldest) {
    return new ValidationConfig(
        applicationId,
        registryUrl,
        sensorLimits,
        absoluteSensorBound,
        maxFutureSkew,
        oldest,
        maxGridSide,
        maxSlot,
        streamThreads);
  }

  public ValidationConfig withMaxGridSide(int side) {
    return new ValidationConfig(
        applicationId,
        registryUrl,
        sensorLimits,
        absoluteSensorBound,
        maxFutureSkew,
        oldestEventTime,
        side,
        maxSlot,
        streamThreads);
  }

  public ValidationConfig withMaxSlot(int slots) {
    return new ValidationConfig(
        applicationId,
        registryUrl,
        sensorLimits,
        absoluteSensorBound,
        maxFutureSkew,
        oldestEventTime,
        maxGridSide,
        slots,
        streamThreads);
  }

  public ValidationConfig withStreamThreads(int threads) {
    return new ValidationConfig(
        applicationId,
        registryUrl,
        sensorLimits,
        absoluteSensorBound,
        maxFutureSkew,
        oldestEventTime,
        maxGridSide,
        maxSlot,
        threads);
  }

  /** One line per setting, for the start-up log. */
  public String describe() {
    return "applicationId="
        + applicationId
        + ", registryUrl="
        + registryUrl
        + ", sensorLimits="
        + sensorLimits
        + ", absoluteSensorBound="
        + absoluteSensorBound
        + ", maxFutureSkew="
        + maxFutureSkew
        + ", oldestEventTime="
        + oldestEventTime
        + ", maxGridSide="
        + maxGridSide
        + ", maxSlot="
        + maxSlot
        + ", streamThreads="
        + streamThreads;
  }

  private static Map<String, String> descriptions() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("applicationId", "Kafka Streams application id (default " + DEFAULT_APPLICATION_ID + ")");
    d.put("registryUrl", "Schema registry root URL, e.g. http://localhost:8081 (required)");
    d.put(
        "sensorLimits",
        "Physical limits 'pattern=min..max', first match wins (default "
            + DEFAULT_SENSOR_LIMITS
            + ")");
    d.put("absoluteSensorBound", "Largest |value| accepted for any sensor (default 1e9)");
    d.put("maxFutureSkew", "How far event time may lie beyond now (default PT5M)");
    d.put("oldestEventTime", "Oldest event time accepted (default 2000-01-01T00:00:00Z)");
    d.put("maxGridSide", "Largest number of die rows or columns (default 512)");
    d.put("maxSlot", "Slots in a carrier, i.e. wafers per lot (default 25)");
    d.put("streamThreads", "Kafka Streams threads (default 1)");
    return Collections.unmodifiableMap(d);
  }

  private static void requireRegistryUrl(String url) {
    require(url != null && !url.isBlank(), "registryUrl must be set");
    try {
      URI uri = new URI(url.trim());
      require(
          ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
              && uri.getHost() != null,
          "registryUrl must be an http(s) URL with a host, got '" + url + "'");
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "registryUrl is not a URL: '" + url + "' (" + e.getMessage() + ")", e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
