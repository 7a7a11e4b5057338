package io.fabstream.ingest.validation;

import static io.fabstream.ingest.validation.FabFixtures.NOW;
import static io.fabstream.ingest.validation.FabFixtures.NOW_MILLIS;
import static io.fabstream.ingest.validation.FabFixtures.wafer;
import static io.fabstream.ingest.validation.VerdictAssert.assertAccepted;
import static io.fabstream.ingest.validation.VerdictAssert.assertRejected;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WaferMapRulesTest {

  private final WaferMapRules rules =
      new WaferMapRules(
          new EventTimeRule(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofMinutes(5)), 64, 25);

  @Test
  void acceptsAWellFormedMap() {
    assertAccepted(rules.check(wafer("LOT1", 3).build(), NOW_MILLIS));
  }

  @Test
  void acceptsAMapWithOneBinCodePerDie() {
    assertAccepted(
        rules.check(wafer("LOT1", 3).withBinCodes(0, 1, 0, 1, 7, 1, 0, 1, 0).build(), NOW_MILLIS));
  }

  @Test
  void rejectsABlankWaferId() {
    assertRejected(
        rules.check(wafer("LOT1", 3).withWaferId("  ").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "waferId");
  }

  @Test
  void rejectsABlankLot() {
    assertRejected(
        rules.check(wafer("", 3).withWaferId("W1").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "lot");
  }

  @Test
  void rejectsABlankTool() {
    assertRejected(
        rules.check(wafer("LOT1", 3).withTool("").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "tool");
  }

  @Test
  void rejectsASlotOutsideTheCarrier() {
    assertRejected(
        rules.check(wafer("LOT1", 26).build(), NOW_MILLIS),
        ReasonCode.SLOT_OUT_OF_RANGE,
        "slot 26",
        "1..25");
    assertRejected(
        rules.check(wafer("LOT1", 0).build(), NOW_MILLIS), ReasonCode.SLOT_OUT_OF_RANGE, "slot 0");
  }

  @Test
  void rejectsAnInspectionBeforeTheOldestPlausibleTime() {
    assertRejected(
        rules.check(wafer("LOT1", 3).inspectedAt(Instant.EPOCH).build(), NOW_MILLIS),
        ReasonCode.EVENT_TIME_TOO_OLD,
        "inspectedAt",
        "1970-01-01T00:00:00Z");
  }

  @Test
  void rejectsAnInspectionBeyondTheAllowedClockSkew() {
    assertRejected(
        rules.check(wafer("LOT1", 3).inspectedAt(NOW.plusSeconds(301)).build(), NOW_MILLIS),
        ReasonCode.EVENT_TIME_IN_FUTURE,
        "inspectedAt");
    assertAccepted(
        rules.check(wafer("LOT1", 3).inspectedAt(NOW.plusSeconds(299)).build(), NOW_MILLIS));
  }

  @Test
  void rejectsAGridWithNoRowsOrTooManyColumns() {
    assertRejected(
        rules.check(wafer("LOT1", 3).withGrid(0, 9).build(), NOW_MILLIS),
        ReasonCode.DIE_GRID_SHAPE,
        "rows 0");
    assertRejected(
        rules.check(wafer("LOT1", 3).withPassingGrid(1, 65).build(), NOW_MILLIS),
        ReasonCode.DIE_GRID_SHAPE,
        "cols 65",
        "1..64");
  }

  @Test
  void rejectsAGridThatIsNotRowsTimesCols() {
    assertRejected(
        rules.check(wafer("LOT1", 3).withDies(1, 1, 1, 1, 1, 1, 1, 1).build(), NOW_MILLIS),
        ReasonCode.DIE_GRID_LENGTH,
        "8 bytes",
        "3 x 3 = 9");
  }

  @Test
  void rejectsADieThatIsNeitherOffWaferPassNorFail() {
    assertRejected(
        rules.check(wafer("LOT1", 3).withDies(0, 1, 0, 1, 3, 1, 0, 1, 0).build(), NOW_MILLIS),
        ReasonCode.DIE_VALUE,
        "dies[4]",
        "row 1, col 1",
        "is 3");
    assertRejected(
        rules.check(wafer("LOT1", 3).withDies(0, 1, 0, 1, -1, 1, 0, 1, 0).build(), NOW_MILLIS),
        ReasonCode.DIE_VALUE,
        "is -1");
  }

  @Test
  void rejectsAGridWithoutAnyDieOnTheWafer() {
    assertRejected(
        rules.check(wafer("LOT1", 3).withDies(0, 0, 0, 0, 0, 0, 0, 0, 0).build(), NOW_MILLIS),
        ReasonCode.DIE_GRID_EMPTY,
        "all 9 positions");
  }

  @Test
  void rejectsBinCodesThatAreNotOnePerDie() {
    assertRejected(
        rules.check(wafer("LOT1", 3).withBinCodes(1, 1, 1).build(), NOW_MILLIS),
        ReasonCode.BIN_CODES_LENGTH,
        "3 codes",
        "9 dies");
  }

  @Test
  void readsDiesFromABufferThatDoesNotStartAtZero() {
    var map = wafer("LOT1", 3).build();
    java.nio.ByteBuffer shifted =
        java.nio.ByteBuffer.wrap(new byte[] {9, 0, 1, 0, 1, 2, 1, 0, 1, 0});
    shifted.position(1);
    map.setDies(shifted.slice());
    assertAccepted(rules.check(map, NOW_MILLIS));
  }
}
