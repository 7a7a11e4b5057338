package io.fabstream.ingest.validation;

import static io.fabstream.ingest.validation.FabFixtures.NOW;
import static io.fabstream.ingest.validation.FabFixtures.NOW_MILLIS;
import static io.fabstream.ingest.validation.FabFixtures.lotEnd;
import static io.fabstream.ingest.validation.FabFixtures.lotMove;
import static io.fabstream.ingest.validation.FabFixtures.lotStart;
import static io.fabstream.ingest.validation.VerdictAssert.assertAccepted;
import static io.fabstream.ingest.validation.VerdictAssert.assertRejected;

import io.fabstream.schemas.LotEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LotEventRulesTest {

  private final LotEventRules rules =
      new LotEventRules(
          new EventTimeRule(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofMinutes(5)), 25);

  @Test
  void acceptsStartMoveAndEndOfALot() {
    assertAccepted(rules.check(lotStart("LOT1", "LOT1-W01", "LOT1-W02").build(), NOW_MILLIS));
    assertAccepted(rules.check(lotMove("LOT1", "POLY_ETCH", "ETCH01").build(), NOW_MILLIS));
    assertAccepted(rules.check(lotEnd("LOT1", "FINAL_TEST").build(), NOW_MILLIS));
  }

  @Test
  void rejectsABlankLot() {
    assertRejected(
        rules.check(lotStart(" ", "W1").build(), NOW_MILLIS), ReasonCode.MISSING_FIELD, "lot");
  }

  @Test
  void rejectsABlankProduct() {
    assertRejected(
        rules.check(lotStart("LOT1").withProduct("").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "product");
  }

  @Test
  void rejectsAnEventTypeThisReaderDoesNotKnow() {
    assertRejected(
        rules.check(lotStart("LOT1").ofType(LotEventType.UNKNOWN).build(), NOW_MILLIS),
        ReasonCode.LOT_EVENT_TYPE_UNKNOWN,
        "UNKNOWN",
        "LOT1");
  }

  @Test
  void rejectsAMoveWithoutStepOrTool() {
    assertRejected(
        rules.check(lotMove("LOT1", null, "ETCH01").build(), NOW_MILLIS),
        ReasonCode.LOT_EVENT_INCOMPLETE,
        "no step");
    assertRejected(
        rules.check(lotMove("LOT1", "POLY_ETCH", " ").build(), NOW_MILLIS),
        ReasonCode.LOT_EVENT_INCOMPLETE,
        "no tool");
  }

  @Test
  void rejectsAWaferListedTwice() {
    assertRejected(
        rules.check(lotStart("LOT1", "LOT1-W01", "LOT1-W02", "LOT1-W01").build(), NOW_MILLIS),
        ReasonCode.LOT_WAFER_LIST,
        "waferIds[2]",
        "LOT1-W01",
        "twice");
  }

  @Test
  void rejectsMoreWafersThanACarrierHolds() {
    String[] wafers =
        IntStream.rangeClosed(1, 26).mapToObj(i -> "LOT1-W" + i).toArray(String[]::new);
    assertRejected(
        rules.check(lotStart("LOT1", wafers).build(), NOW_MILLIS),
        ReasonCode.LOT_WAFER_LIST,
        "26 wafers");
  }

  @Test
  void rejectsABlankWaferId() {
    assertRejected(
        rules.check(lotStart("LOT1", "LOT1-W01", "").build(), NOW_MILLIS),
        ReasonCode.MISSING_FIELD,
        "waferIds[1]");
  }

  @Test
  void rejectsImplausibleEventTimes() {
    assertRejected(
        rules.check(
            lotEnd("LOT1", "FINAL").at(Instant.parse("1999-12-31T23:59:59Z")).build(), NOW_MILLIS),
        ReasonCode.EVENT_TIME_TOO_OLD,
        "eventTime");
    assertRejected(
        rules.check(lotEnd("LOT1", "FINAL").at(NOW.plus(Duration.ofDays(1))).build(), NOW_MILLIS),
        ReasonCode.EVENT_TIME_IN_FUTURE,
        "eventTime");
  }
}
