package io.fabstream.ingest.validation;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The outcome of decoding or checking one record: either the accepted value or the first rejection.
 * Rules return a verdict instead of throwing so that a bad record is data, not control flow, and so
 * the processor cannot forget to route it.
 *
 * @param <T> type of the accepted value
 */
public sealed interface Verdict<T> {

  /** The record passed. */
  record Accepted<T>(T value) implements Verdict<T> {
    public Accepted {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The record failed. */
  record Rejected<T>(Rejection rejection) implements Verdict<T> {
    public Rejected {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  /** An accepted verdict. */
  static <T> Verdict<T> accept(T value) {
    return new Accepted<>(value);
  }

  /** A rejected verdict. */
  static <T> Verdict<T> reject(ReasonCode code, String reason) {
    return new Rejected<>(new Rejection(code, reason));
  }

  /**
   * Runs {@code checks} in order and rejects with the first rejection found, otherwise accepts
   * {@code value}. Later checks may rely on earlier ones having passed.
   */
  @SafeVarargs
  static <T> Verdict<T> firstFailure(T value, Supplier<Optional<Rejection>>... checks) {
    for (Supplier<Optional<Rejection>> check : checks) {
      Optional<Rejection> rejection = check.get();
      if (rejection.isPresent()) {
        return new Rejected<>(rejection.get());
      }
    }
    return accept(value);
  }

  /** True when accepted. */
  default boolean accepted() {
    return this instanceof Accepted<T>;
  }

  /** The rejection, when rejected; empty when accepted. */
  default Optional<Rejection> rejectionIfAny() {
    return this instanceof Rejected<T> r ? Optional.of(r.rejection()) : Optional.empty();
  }

  /** Continues with {@code next} when accepted; a rejection passes through unchanged. */
  default <U> Verdict<U> then(Function<? super T, Verdict<U>> next) {
    if (this instanceof Accepted<T> a) {
      return next.apply(a.value());
    }
    return new Rejected<>(((Rejected<T>) this).rejection());
  }
}
