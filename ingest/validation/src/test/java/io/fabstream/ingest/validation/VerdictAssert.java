package io.fabstream.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on verdicts that read like the rule being tested. */
final class VerdictAssert {

  private VerdictAssert() {}

  static void assertAccepted(Verdict<?> verdict) {
    assertThat(verdict.rejectionIfAny()).as("rejection").isEmpty();
    assertThat(verdict.accepted()).isTrue();
  }

  /** Asserts a rejection with {@code code} whose reason mentions every one of {@code phrases}. */
  static void assertRejected(Verdict<?> verdict, ReasonCode code, String... phrases) {
    assertThat(verdict.rejectionIfAny())
        .as("verdict")
        .hasValueSatisfying(
            r -> {
              assertThat(r.code()).as("reason code of '%s'", r.reason()).isEqualTo(code);
              assertThat(r.reason()).contains(phrases);
            });
  }
}
