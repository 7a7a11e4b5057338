package io.fabstream.features.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code --name value} arguments a job jar's {@code main} takes when submitted with {@code
 * flink run}, with specific messages for what is missing or malformed.
 */
public final class JobArgs {

  private final Map<String, String> values = new HashMap<>();

  private JobArgs() {}

  /** Parses {@code --name value} pairs. */
  public static JobArgs parse(String[] args) {
    JobArgs parsed = new JobArgs();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new IllegalArgumentException("expected --name value, got '" + a + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      parsed.values.put(a.substring(2), args[++i]);
    }
    return parsed;
  }

  /** A required option. */
  public String required(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing required option --" + name);
    }
    return v;
  }

  /** An option with a default. */
  public String get(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  /** A duration option in ISO-8601 ({@code PT5S}) or as a number of milliseconds. */
  public Duration duration(String name, Duration defaultValue) {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return v.matches("\\d+") ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "option --" + name + " must be milliseconds or an ISO-8601 duration, got " + v, e);
    }
  }

  /** An integer option. */
  public int integer(String name, int defaultValue) {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be an integer, got " + v, e);
    }
  }
}
