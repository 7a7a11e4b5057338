package io.fabstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.TraceSample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecomSharedDataTest {

  @Test
  void bothPartsGive1567WafersInTimeOrder() throws IOException {
    List<ReplayWafer> wafers = readAll();

    assertThat(wafers).hasSize(1_567);
    assertThat(wafers).filteredOn(w -> w.label().equals("fail")).hasSize(104);
    assertThat(wafers.get(0).subjectTime()).isEqualTo(Instant.parse("2008-07-19T11:55:00Z"));
    assertThat(wafers.get(wafers.size() - 1).subjectTime())
        .isBefore(Instant.parse("2008-10-18T00:00:00Z"));
    for (int i = 1; i < wafers.size(); i++) {
      assertThat(wafers.get(i).subjectTime()).isAfterOrEqualTo(wafers.get(i - 1).subjectTime());
    }
  }

  @Test
  void missingFeaturesAreLeftOutNotSentAsNaN() throws IOException {
    int withGaps = 0;
    for (ReplayWafer wafer : readAll()) {
      assertThat(wafer.samples()).hasSize(1);
      TraceSample sample = wafer.samples().get(0);
      assertThat(sample.getSensorNames()).hasSameSizeAs(sample.getSensorValues());
      assertThat(sample.getSensorValues()).noneMatch(v -> v.isNaN());
      assertThat(sample.getSensorNames().size()).isBetween(400, 590);
      withGaps += sample.getSensorNames().size() < 590 ? 1 : 0;
    }
    assertThat(withGaps).isGreaterThan(1_000);
  }

  private static List<ReplayWafer> readAll() throws IOException {
    List<ReplayWafer> wafers = new ArrayList<>();
    try (DatasetReader reader = new SecomReader(SharedData.require(DatasetKind.SECOM))) {
      reader.forEachRemaining(wafers::add);
    }
    return wafers;
  }
}
