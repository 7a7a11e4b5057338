package io.fabstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.SubjectKind;
import io.fabstream.schemas.WaferMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class Wm811kSharedDataTest {

  @Test
  void train01HasTheDocumentedMapsAndClasses() throws IOException {
    List<ReplayWafer> wafers = readAll();

    Map<String, Integer> classes = new TreeMap<>();
    wafers.forEach(w -> classes.merge(w.label(), 1, Integer::sum));
    assertThat(wafers).hasSize(623);
    assertThat(classes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Center",
                43,
                "Donut",
                5,
                "Edge-Loc",
                52,
                "Edge-Ring",
                97,
                "Loc",
                36,
                "Near-full",
                1,
                "Random",
                9,
                "Scratch",
                12,
                "none",
                368));
  }

  @Test
  void everyMapIsAValidDieGridWithSynthesisedLotAndSlot() throws IOException {
    for (ReplayWafer wafer : readAll()) {
      assertThat(wafer.maps()).hasSize(1);
      assertThat(wafer.kind()).isEqualTo(SubjectKind.WAFER_MAP);
      WaferMap map = wafer.maps().get(0);
      ByteBuffer dies = map.getDies();
      assertThat(dies.remaining()).isEqualTo(map.getRows() * map.getCols());
      int failing = 0;
      for (int i = dies.position(); i < dies.limit(); i++) {
        assertThat(dies.get(i)).isBetween((byte) 0, (byte) 2);
        failing += dies.get(i) == 2 ? 1 : 0;
      }
      assertThat(map.getRows()).isBetween(15, 212);
      assertThat(map.getSlot()).isBetween(1, 25);
      assertThat(map.getLot()).startsWith("wm811k-L");
      assertThat(map.getTool()).isEqualTo(Wm811kReader.TOOL);
      assertThat(map.getWaferId()).isEqualTo(wafer.waferId()).startsWith("wm811k-");
      assertThat(wafer.subjectTime()).isEqualTo(map.getInspectedAt());
      if (wafer.label().equals("Near-full")) {
        assertThat(failing).isGreaterThan(dies.remaining() / 4);
      }
    }
  }

  private static List<ReplayWafer> readAll() throws IOException {
    List<ReplayWafer> wafers = new ArrayList<>();
    try (DatasetReader reader = new Wm811kReader(SharedData.require(DatasetKind.WM811K))) {
      reader.forEachRemaining(wafers::add);
    }
    return wafers;
  }
}
