package io.fabstream.drift.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.drift.spc.WesternElectricRules.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WesternElectricRulesTest {

  private static List<EnumSet<Rule>> feed(WesternElectricRules rules, double... zs) {
    List<EnumSet<Rule>> fired = new ArrayList<>();
    for (double z : zs) {
      fired.add(rules.add(z));
    }
    return fired;
  }

  private static final EnumSet<Rule> NONE = EnumSet.noneOf(Rule.class);

  @Test
  void stableSequenceFiresNothing() {
    // isolated 2.5, -2.2, 2.9, -2.9 (never two beyond 2 on one side within three points),
    // never four beyond 1 on one side within five, never eight on one side
    double[] stable = {
      0.5, -0.5, 1.5, -1.2, 2.5, 0.3, -0.7, 1.1, -2.2, 0.4, -0.1, 0.9, -1.6, 0.2, -0.3, 2.9, -2.9,
      1.4, 1.3, -0.2
    };
    assertThat(feed(new WesternElectricRules(), stable)).allMatch(EnumSet::isEmpty);
  }

  @Test
  void ruleOneFiresAtThePointBeyondThree() {
    // the zeros keep the large points more than three apart, so rule 2 stays out of it
    List<EnumSet<Rule>> fired =
        feed(new WesternElectricRules(), 0, 0.5, 3.2, 0, 0, 3.0, 0, 0, -3.5);
    assertThat(fired)
        .containsExactly(
            NONE,
            NONE,
            EnumSet.of(Rule.ONE_BEYOND_3_SIGMA),
            NONE,
            NONE,
            NONE, // exactly 3 is not beyond 3
            NONE,
            NONE,
            EnumSet.of(Rule.ONE_BEYOND_3_SIGMA));
  }

  @Test
  void ruleTwoFiresAtTheSecondPointBeyondTwoWithinThree() {
    // 2.5, 0.1, 2.1: the third point completes two of three above +2
    assertThat(feed(new WesternElectricRules(), 2.5, 0.1, 2.1))
        .containsExactly(NONE, NONE, EnumSet.of(Rule.TWO_OF_THREE_BEYOND_2_SIGMA));
    // opposite sides do not count together
    assertThat(feed(new WesternElectricRules(), 2.5, -2.5, 0)).allMatch(EnumSet::isEmpty);
    // four apart is outside the three-point span; a point that is not beyond 2 completes nothing
    assertThat(feed(new WesternElectricRules(), -2.5, 0, 0, -2.5)).allMatch(EnumSet::isEmpty);
    assertThat(feed(new WesternElectricRules(), 2.5, 2.5, 0.0))
        .containsExactly(NONE, EnumSet.of(Rule.TWO_OF_THREE_BEYOND_2_SIGMA), NONE);
  }

  @Test
  void ruleThreeFiresAtTheFourthPointBeyondOneWithinFive() {
    // 1.5, 1.2, 0.5, 1.1 (three beyond +1 in four points), then 1.3 makes four of five
    assertThat(feed(new WesternElectricRules(), 1.5, 1.2, 0.5, 1.1, 1.3))
        .containsExactly(NONE, NONE, NONE, NONE, EnumSet.of(Rule.FOUR_OF_FIVE_BEYOND_1_SIGMA));
    assertThat(feed(new WesternElectricRules(), -1.5, -1.2, -0.5, -1.1, -1.3).get(4))
        .containsExactly(Rule.FOUR_OF_FIVE_BEYOND_1_SIGMA);
  }

  @Test
  void ruleFourFiresAtTheEighthPointOnOneSide() {
    List<EnumSet<Rule>> fired =
        feed(new WesternElectricRules(), 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5);
    for (int i = 0; i < 7; i++) {
      assertThat(fired.get(i)).isEmpty();
    }
    assertThat(fired.get(7)).containsExactly(Rule.EIGHT_ON_ONE_SIDE); // eighth point
    assertThat(fired.get(8)).containsExactly(Rule.EIGHT_ON_ONE_SIDE); // the run continues
    assertThat(fired.get(9)).isEmpty(); // crossing the centre line ends it
    // a point exactly on the centre line breaks a run too
    List<EnumSet<Rule>> broken =
        feed(new WesternElectricRules(), -0.5, -0.5, -0.5, 0.0, -0.5, -0.5, -0.5, -0.5, -0.5);
    assertThat(broken).allMatch(EnumSet::isEmpty);
  }

  @Test
  void severalRulesCanFireAtOnePoint() {
    // 2.5 then 3.5: the second point is beyond 3 and the second beyond 2 within three
    assertThat(feed(new WesternElectricRules(), 2.5, 3.5).get(1))
        .containsExactly(Rule.ONE_BEYOND_3_SIGMA, Rule.TWO_OF_THREE_BEYOND_2_SIGMA);
    assertThat(new WesternElectricRules().add(Double.POSITIVE_INFINITY))
        .containsExactly(Rule.ONE_BEYOND_3_SIGMA);
  }

  @Test
  void keepsOnlyTheLastEightPoints() {
    WesternElectricRules rules = new WesternElectricRules();
    for (int i = 1; i <= 100; i++) {
      rules.add(i / 100.0);
    }
    assertThat(rules.recentPoints()).containsExactly(0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0);
    rules.reset();
    assertThat(rules.recentPoints()).isEmpty();
  }

  @Test
  void codecRoundTripsAndContinuesIdentically() {
    WesternElectricRules rules = new WesternElectricRules();
    feed(rules, 0.2, 0.3, 0.4, 1.2, 1.3, 0.1, 0.6, -2.1, 0.9, 1.4);
    byte[] bytes = rules.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes).hasSize(1 + 1 + 8 * 8); // version, count, eight points
    WesternElectricRules back = WesternElectricRules.fromBytes(bytes);
    assertThat(back).isEqualTo(rules);
    assertThat(back.recentPoints()).containsExactly(0.4, 1.2, 1.3, 0.1, 0.6, -2.1, 0.9, 1.4);
    // next 1.1: last five 0.6 -2.1 0.9 1.4 1.1, two above +1; then 1.6: -2.1 0.9 1.4 1.1 1.6,
    // three;
    // then 1.7: 0.9 1.4 1.1 1.6 1.7, four above +1 -> rule 3, on the restored and original alike
    assertThat(feed(back, 1.1, 1.6, 1.7)).isEqualTo(feed(rules, 1.1, 1.6, 1.7));
    assertThat(feed(WesternElectricRules.fromBytes(bytes), 1.1, 1.6, 1.7).get(2))
        .containsExactly(Rule.FOUR_OF_FIVE_BEYOND_1_SIGMA);
    WesternElectricRules empty = new WesternElectricRules();
    assertThat(WesternElectricRules.fromBytes(empty.toBytes())).isEqualTo(empty);
  }

  @Test
  void rejectsNanAndBadBytes() {
    assertThatThrownBy(() -> new WesternElectricRules().add(Double.NaN))
        .hasMessage("a standardised point must not be NaN");
    assertThatThrownBy(() -> WesternElectricRules.fromBytes(new byte[] {1, 9}))
        .hasMessage("cannot decode WesternElectricRules: point count 9 outside [0, 8]");
  }

  @Test
  void rulesHaveDescriptions() {
    assertThat(Rule.ONE_BEYOND_3_SIGMA.description()).isEqualTo("one point beyond 3 sigma");
    assertThat(Rule.EIGHT_ON_ONE_SIDE.description())
        .isEqualTo("eight consecutive points on the same side of the centre line");
  }
}
