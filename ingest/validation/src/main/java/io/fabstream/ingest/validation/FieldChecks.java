package io.fabstream.ingest.validation;

import java.util.Optional;

/** Checks shared by every record type: identifying fields that must not be blank. */
final class FieldChecks {

  private FieldChecks() {}

  /** Rejects a null or blank identifying field, naming it and quoting what was there. */
  static Optional<Rejection> required(String field, String value) {
    if (value == null) {
      return Optional.of(new Rejection(ReasonCode.MISSING_FIELD, field + " is missing"));
    }
    if (value.isBlank()) {
      return Optional.of(
          new Rejection(ReasonCode.MISSING_FIELD, field + " is blank ('" + value + "')"));
    }
    return Optional.empty();
  }

  /** Rejects the first blank field among name/value pairs. */
  static Optional<Rejection> required(String... namesAndValues) {
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      Optional<Rejection> r = required(namesAndValues[i], namesAndValues[i + 1]);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }
}
