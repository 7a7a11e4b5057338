package io.fabstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The compatibility levels against Avro's reader/writer rules. */
class CompatibilityCheckerTest {

  private static Schema parse(String text) {
    return new Schema.Parser().parse(text);
  }

  private static final Schema BASE = parse(TestSchemas.record("R", 0));
  private static final Schema ADDED_OPTIONAL = parse(TestSchemas.record("R", 1));
  private static final Schema ADDED_REQUIRED = parse(TestSchemas.recordWithRequired("R", "req"));

  @Test
  void backwardRefusesANewRequiredField() {
    List<CompatibilityChecker.Previous> previous =
        List.of(new CompatibilityChecker.Previous(1, BASE));
    assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, ADDED_OPTIONAL, previous))
        .isEmpty();
    assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, ADDED_REQUIRED, previous))
        .singleElement()
        .asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("req")
        .contains("oldSchemaVersion:1");
    assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, ADDED_REQUIRED, previous))
        .isEmpty();
    assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL, ADDED_REQUIRED, previous))
        .isNotEmpty();
    assertThat(CompatibilityChecker.check(CompatibilityLevel.NONE, ADDED_REQUIRED, previous))
        .isEmpty();
  }

  @Test
  void transitiveLevelsLookPastTheLatestVersion() {
    List<CompatibilityChecker.Previous> previous =
        List.of(
            new CompatibilityChecker.Previous(1, BASE),
            new CompatibilityChecker.Previous(2, ADDED_REQUIRED));
    assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, ADDED_REQUIRED, previous))
        .isEmpty();
    assertThat(
            CompatibilityChecker.check(
                CompatibilityLevel.BACKWARD_TRANSITIVE, ADDED_REQUIRED, previous))
        .isNotEmpty();
  }

  @Test
  void parsesLevelNames() {
    assertThat(CompatibilityLevel.parse("full_transitive"))
        .contains(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(CompatibilityLevel.parse("sometimes")).isEmpty();
    assertThat(CompatibilityLevel.parse(null)).isEmpty();
  }
}
