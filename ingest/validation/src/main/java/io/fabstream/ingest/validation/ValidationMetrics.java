package io.fabstream.ingest.validation;

import io.fabstream.schemas.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Counts of what validation did, per raw topic, outcome and reason, as Micrometer counters named
 * {@value #RECORDS} (tags {@code topic}, {@code outcome} = valid or dead_letter, {@code reason} =
 * none or a {@link ReasonCode}) so dashboards see them, plus plain accessors so the launcher's live
 * summary can read totals without knowing Micrometer's API.
 */
public final class ValidationMetrics {

  /** Counter name. */
  public static final String RECORDS = "fabstream.validation.records";

  /** Outcome tag of records passed on to a validated topic. */
  public static final String VALID = "valid";

  /** Outcome tag of records sent to the dead-letter topic. */
  public static final String DEAD_LETTER = "dead_letter";

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public ValidationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one record of raw topic {@code topic} passed on. */
  public void recordValid(String topic) {
    counter(topic, VALID, "none").increment();
  }

  /** Counts one record of raw topic {@code topic} dead-lettered for {@code code}. */
  public void recordDeadLetter(String topic, ReasonCode code) {
    counter(topic, DEAD_LETTER, code.name()).increment();
  }

  /** Records of raw topic {@code topic} passed on so far. */
  public long valid(Topic<?, ?> topic) {
    return valid(topic.name());
  }

  /** Records of raw topic {@code topic} passed on so far. */
  public long valid(String topic) {
    return count(topic, VALID, "none");
  }

  /** Records of raw topic {@code topic} dead-lettered so far, for any reason. */
  public long deadLettered(Topic<?, ?> topic) {
    return deadLettered(topic.name());
  }

  /** Records of raw topic {@code topic} dead-lettered so far, for any reason. */
  public long deadLettered(String topic) {
    return Arrays.stream(ReasonCode.values()).mapToLong(c -> deadLettered(topic, c)).sum();
  }

  /** Records of raw topic {@code topic} dead-lettered so far for {@code code}. */
  public long deadLettered(String topic, ReasonCode code) {
    return count(topic, DEAD_LETTER, code.name());
  }

  /** Records passed on, over all raw topics. */
  public long totalValid() {
    return ValidationApp.RAW_TOPICS.stream().mapToLong(t -> valid(t.name())).sum();
  }

  /** Records dead-lettered, over all raw topics. */
  public long totalDeadLettered() {
    return ValidationApp.RAW_TOPICS.stream().mapToLong(t -> deadLettered(t.name())).sum();
  }

  /** Dead letters per reason over all raw topics, only reasons seen, in declaration order. */
  public Map<ReasonCode, Long> deadLettersByReason() {
    Map<ReasonCode, Long> byReason = new LinkedHashMap<>();
    for (ReasonCode code : ReasonCode.values()) {
      long n = ValidationApp.RAW_TOPICS.stream().mapToLong(t -> deadLettered(t.name(), code)).sum();
      if (n > 0) {
        byReason.put(code, n);
      }
    }
    return byReason;
  }

  /** One line for logs and the launcher, e.g. {@code valid 980, dead-lettered 20 (...)}. */
  public String summary() {
    List<String> perTopic =
        ValidationApp.RAW_TOPICS.stream()
            .map(t -> t.name() + " " + valid(t.name()) + "/" + deadLettered(t.name()))
            .toList();
    String reasons =
        deadLettersByReason().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    return "valid "
        + totalValid()
        + ", dead-lettered "
        + totalDeadLettered()
        + " ["
        + String.join(", ", perTopic)
        + " valid/dead]"
        + (reasons.isEmpty() ? "" : " reasons: " + reasons);
  }

  private long count(String topic, String outcome, String reason) {
    Counter c = counters.get(key(topic, outcome, reason));
    return c == null ? 0 : (long) c.count();
  }

  private Counter counter(String topic, String outcome, String reason) {
    return counters.computeIfAbsent(
        key(topic, outcome, reason),
        k ->
            Counter.builder(RECORDS)
                .description("Raw records validated, by topic, outcome and reason")
                .tag("topic", topic)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry));
  }

  private static String key(String topic, String outcome, String reason) {
    return topic + '\u0000' + outcome + '\u0000' + reason;
  }
}
