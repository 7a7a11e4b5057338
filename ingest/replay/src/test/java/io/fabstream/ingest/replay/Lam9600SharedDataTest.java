package io.fabstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.TraceSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class Lam9600SharedDataTest {

  @Test
  void has129WafersAnd12829RowsOfWhich21Faulty() throws IOException {
    List<ReplayWafer> wafers = readAll();

    assertThat(wafers).hasSize(129);
    assertThat(wafers.stream().mapToInt(w -> w.samples().size()).sum()).isEqualTo(12_829);
    assertThat(wafers).filteredOn(w -> w.label().equals("normal")).hasSize(108);
    assertThat(wafers.stream().map(ReplayWafer::waferId).distinct()).hasSize(129);
    assertThat(wafers).filteredOn(w -> w.label().equals("TCP+50")).hasSize(1);
  }

  @Test
  void samplesCarryThe19ProcessVariablesWithStepAndExperiment() throws IOException {
    List<ReplayWafer> wafers = readAll();

    Set<String> steps = new java.util.TreeSet<>();
    Set<String> lots =
        wafers.stream()
            .flatMap(w -> w.samples().stream())
            .peek(s -> steps.add(s.getRecipeStep()))
            .map(TraceSample::getLot)
            .collect(Collectors.toSet());
    assertThat(lots).containsExactlyInAnyOrder("lam9600-exp29", "lam9600-exp31", "lam9600-exp33");
    assertThat(steps).containsExactly("4", "5");
    TraceSample first = wafers.get(0).samples().get(0);
    assertThat(first.getSensorNames()).hasSize(19).contains("BCl3 Flow", "Vat Valve");
    assertThat(first.getSensorValues().get(0)).isEqualTo(751.0);
    for (ReplayWafer wafer : wafers) {
      List<TraceSample> samples = wafer.samples();
      for (int i = 1; i < samples.size(); i++) {
        assertThat(samples.get(i).getEventTime()).isAfter(samples.get(i - 1).getEventTime());
      }
    }
  }

  private static List<ReplayWafer> readAll() throws IOException {
    List<ReplayWafer> wafers = new ArrayList<>();
    try (DatasetReader reader = new Lam9600Reader(SharedData.require(DatasetKind.LAM9600))) {
      reader.forEachRemaining(wafers::add);
    }
    return wafers;
  }
}
