package io.fabstream.ingest.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Physical limits of one sensor or a family of sensors. A reading outside them is not a process
 * excursion but a broken sensor, a unit mix-up or a corrupted record, and must not reach the
 * models.
 *
 * <p>The name pattern is a case-insensitive glob: {@code *} matches any run of characters, {@code
 * ?} one character, e.g. {@code rf_power}, {@code *pressure*}, {@code esc_temp_?}.
 *
 * @param namePattern sensor name or glob
 * @param min lowest physically possible value (inclusive)
 * @param max highest physically possible value (inclusive)
 */
public record SensorLimit(String namePattern, double min, double max) {

  public SensorLimit {
    if (namePattern == null || namePattern.isBlank()) {
      throw new IllegalArgumentException("sensor limit needs a name or name pattern");
    }
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException(
          "sensor limit '" + namePattern + "' needs finite min and max, got " + min + ".." + max);
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "sensor limit '" + namePattern + "' has min " + min + " above max " + max);
    }
  }

  /** True when {@code sensorName} falls under this limit's name pattern. */
  public boolean matches(String sensorName) {
    return regex().matcher(sensorName).matches();
  }

  /** True when {@code value} lies within the limits. */
  public boolean allows(double value) {
    return value >= min && value <= max;
  }

  /**
   * Parses {@code pattern=min..max}, the form used on the command line, e.g. {@code
   * *pressure*=0..200000}.
   */
  public static SensorLimit parse(String spec) {
    int eq = spec == null ? -1 : spec.lastIndexOf('=');
    int dots = spec == null ? -1 : spec.indexOf("..", eq + 1);
    if (eq <= 0 || dots < 0) {
      throw new IllegalArgumentException(
          "sensor limit must look like 'pattern=min..max', got '" + spec + "'");
    }
    try {
      return new SensorLimit(
          spec.substring(0, eq).trim(),
          Double.parseDouble(spec.substring(eq + 1, dots).trim()),
          Double.parseDouble(spec.substring(dots + 2).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "sensor limit '" + spec + "' has a min or max that is not a number: " + e.getMessage(),
          e);
    }
  }

  private Pattern regex() {
    StringBuilder regex = new StringBuilder();
    for (char c : namePattern.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  @Override
  public String toString() {
    return namePattern + "=" + min + ".." + max;
  }
}
