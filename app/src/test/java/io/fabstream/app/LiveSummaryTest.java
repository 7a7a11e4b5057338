package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveSummaryTest {

  @Test
  void showsEachCounterWithItsTotalAndRate() {
    AtomicLong maps = new AtomicLong();
    AtomicLong deadLetters = new AtomicLong();
    LiveSummary summary =
        new LiveSummary().counter("maps", maps::get).counter("dead-letter", deadLetters::get);
    maps.addAndGet(25);
    deadLetters.incrementAndGet();

    String line = summary.line();

    assertThat(line).contains("maps 25(+").contains("dead-letter 1(+");
    assertThat(summary.totals()).containsEntry("maps", 25L).containsEntry("dead-letter", 1L);
    maps.addAndGet(5);
    assertThat(summary.line()).contains("maps 30(+");
  }
}
