package io.fabstream.features.lot;

import static io.fabstream.features.lot.LotInputs.lotEvent;
import static io.fabstream.features.lot.LotInputs.minute;
import static io.fabstream.features.lot.LotInputs.stepWindow;
import static io.fabstream.features.lot.LotInputs.waferMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WindowMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Avro wafer maps, lot events and windows as lot tracking sees them. */
class LotInputConversionTest {

  private static final ConsumerRecord<byte[], byte[]> RECORD =
      new ConsumerRecord<>(
          "fab.mts-windows",
          1,
          42L,
          "ETCH01/PM1".getBytes(StandardCharsets.UTF_8),
          new byte[] {0, 0, 0, 0, 7});

  @Test
  void waferMapBecomesDieCountsFromItsGrid() {
    WaferMap map =
        WaferMap.newBuilder(waferMap("L1", 4).avro(minute(11)))
            .setRows(3)
            .setCols(4)
            .setDies(ByteBuffer.wrap(new byte[] {0, 1, 1, 0, 1, 2, 1, 2, 0, 1, 2, 0}))
            .build();

    LotInput in = new LotInput.WaferMapReader().decoded(map, RECORD);

    assertThat(in.kind).isEqualTo(LotInput.Kind.WAFER_MAP);
    assertThat(in.lot).isEqualTo("L1");
    assertThat(in.waferId).isEqualTo("L1-W04");
    assertThat(in.step).isEqualTo("INSPECT");
    assertThat(in.product).isEqualTo(LotInputs.PRODUCT);
    assertThat(in.eventTime).isEqualTo(minute(11));
    assertThat(in.passingDies).isEqualTo(5);
    assertThat(in.failingDies).isEqualTo(3);
    assertThat(in.diesOnWafer).isEqualTo(8);
    assertThat(map.getDies().remaining()).as("the map's buffer is left as it was").isEqualTo(12);
  }

  @Test
  void waferMapWhoseGridDoesNotMatchItsShapeIsUnusable() {
    WaferMap map =
        WaferMap.newBuilder(waferMap("L1", 4).avro(minute(11)))
            .setRows(3)
            .setCols(4)
            .setDies(ByteBuffer.wrap(new byte[] {1, 1, 1}))
            .build();

    assertThatThrownBy(() -> LotInput.of(map))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 die bytes for a 3x4 grid");
  }

  @Test
  void lotEventKeepsTypeStepAndWafers() {
    LotInput in =
        new LotInput.LotEventReader()
            .decoded(lotEvent("L1", LotEventType.MOVE, "ETCH").avro(minute(1)), RECORD);

    assertThat(in.kind).isEqualTo(LotInput.Kind.LOT_EVENT);
    assertThat(in.eventType).isEqualTo(LotEventType.MOVE);
    assertThat(in.step).isEqualTo("ETCH");
    assertThat(in.eventTime).isEqualTo(minute(1));
    assertThat(in.waferIds).containsExactly("L1-W01", "L1-W02", "L1-W03");
  }

  @Test
  void windowBecomesPerSensorMomentsOverItsRowsAtItsEnd() {
    MtsWindow window =
        stepWindow("L1", "L1-W02")
            .sensor("pressure", 1.0, 2.0, 6.0)
            .sensor("rf_power", 400, 400, 400)
            .avro(minute(3));

    LotInput in = new LotInput.WindowReader().decoded(window, RECORD);

    assertThat(in.kind).isEqualTo(LotInput.Kind.WINDOW);
    assertThat(in.windowMode).isEqualTo(WindowMode.STEP_ALIGNED);
    assertThat(in.eventTime).isEqualTo(minute(3));
    assertThat(in.wafers).containsExactly("L1-W02");
    assertThat(in.sensorNames).containsExactly("pressure", "rf_power");
    assertThat(in.sensorCount).containsExactly(3, 3);
    assertThat(in.sensorMean[0]).isCloseTo(3.0, within(1e-12));
    // Deviations -2, -1, 3: squares 4 + 1 + 9.
    assertThat(in.sensorM2[0]).isCloseTo(14.0, within(1e-12));
    assertThat(in.sensorMin[0]).isEqualTo(1.0);
    assertThat(in.sensorMax[0]).isEqualTo(6.0);
    assertThat(in.sensorMean[1]).isEqualTo(400.0);
    assertThat(in.sensorM2[1]).isZero();
  }

  @Test
  void windowWithTheWrongNumberOfValuesIsUnusable() {
    MtsWindow window =
        MtsWindow.newBuilder(
                stepWindow("L1", "L1-W02").sensor("pressure", 1.0, 2.0).avro(minute(3)))
            .setValues(List.of(1f, 2f, 3f))
            .build();

    assertThatThrownBy(() -> LotInput.of(window))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 values for 2 rows x 1 sensors");
  }

  @Test
  void windowWithoutLotIsRejectedAsNoLot() {
    MtsWindow window =
        MtsWindow.newBuilder(stepWindow("L1", "W1").sensor("pressure", 1.0).avro(minute(3)))
            .setLot(null)
            .build();

    LotInput in = new LotInput.WindowReader().decoded(window, RECORD);

    assertThat(in.isRejected()).isTrue();
    assertThat(in.rejected.reasonCode).isEqualTo("NO_LOT");
    assertThat(in.rejected.reason).contains(window.getWindowId()).contains("names no lot");
    assertThat(in.rejected.topic).isEqualTo("fab.mts-windows");
    assertThat(in.rejected.partition).isEqualTo(1);
    assertThat(in.rejected.offset).isEqualTo(42L);
    assertThat(in.rejected.value).containsExactly(0, 0, 0, 0, 7);
    assertThat(in.rejected.toDeadLetter("lot-tracking", Instant.EPOCH).getReasonCode())
        .isEqualTo("NO_LOT");
  }
}
