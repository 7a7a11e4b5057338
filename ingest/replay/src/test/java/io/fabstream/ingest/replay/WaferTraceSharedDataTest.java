package io.fabstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.TraceSample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaferTraceSharedDataTest {

  @Test
  void trainSplitHas298WafersOfWhich32Abnormal() throws IOException {
    List<ReplayWafer> wafers = readAll();

    assertThat(wafers).hasSize(298);
    assertThat(wafers).filteredOn(w -> w.label().equals("fault")).hasSize(32);
    assertThat(wafers).filteredOn(w -> w.label().equals("normal")).hasSize(266);
  }

  @Test
  void eachWaferIsOneRunOfSixSensorsAtTheFixedStep() throws IOException {
    for (ReplayWafer wafer : readAll()) {
      assertThat(wafer.kind()).isEqualTo(SubjectKind.WAFER_TRACE);
      assertThat(wafer.samples()).hasSizeBetween(104, 198);
      TraceSample previous = null;
      for (TraceSample sample : wafer.samples()) {
        assertThat(sample.getSensorNames()).containsExactly("s1", "s2", "s3", "s4", "s5", "s6");
        assertThat(sample.getSensorValues()).hasSize(6);
        assertThat(sample.getWafer()).isEqualTo(wafer.waferId());
        assertThat(sample.getTool()).isEqualTo(WaferTraceReader.TOOL);
        if (previous != null) {
          assertThat(Duration.between(previous.getEventTime(), sample.getEventTime()))
              .isEqualTo(WaferTraceReader.DEFAULT_STEP);
        }
        previous = sample;
      }
      assertThat(wafer.subjectTime()).isEqualTo(previous.getEventTime());
    }
  }

  private static List<ReplayWafer> readAll() throws IOException {
    List<ReplayWafer> wafers = new ArrayList<>();
    try (DatasetReader reader =
        new WaferTraceReader(SharedData.require(DatasetKind.WAFER_TRACES))) {
      reader.forEachRemaining(wafers::add);
    }
    return wafers;
  }
}
