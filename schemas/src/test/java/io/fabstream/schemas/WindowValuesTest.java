package io.fabstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class WindowValuesTest {

  private static MtsWindow.Builder window() {
    return MtsWindow.newBuilder()
        .setWindowId("w")
        .setTool("ETCH01")
        .setChamber("PM1")
        .setRecipe("R")
        .setMode(WindowMode.STEP_ALIGNED)
        .setWindowStart(Instant.EPOCH)
        .setWindowEnd(Instant.EPOCH.plusSeconds(1))
        .setLength(2)
        .setSensorNames(List.of("rf", "pressure"));
  }

  private static MtsWindow roundTrip(MtsWindow w) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(MtsWindow.class).write(w, enc);
    enc.flush();
    return new SpecificDatumReader<>(MtsWindow.class)
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }

  @Test
  void packedValuesSurviveTheWireAndReadBackInOrder() throws Exception {
    float[] values = {600f, 15.5f, 601.25f, -0.0f};
    MtsWindow w =
        roundTrip(window().setValues(List.of()).setPackedValues(WindowValues.pack(values)).build());

    assertThat(WindowValues.isPacked(w)).isTrue();
    assertThat(WindowValues.count(w)).isEqualTo(4);
    assertThat(WindowValues.read(w, null)).containsExactly(values);
    assertThat(WindowValues.get(w, 2)).isEqualTo(601.25f);
    assertThat(w.getPackedValues().get(0))
        .as("little-endian: the low byte of 600f (0x44160000) comes first")
        .isEqualTo((byte) 0);
  }

  @Test
  void theArrayFormOfOlderWritersReadsTheSame() throws Exception {
    MtsWindow w = roundTrip(window().setValues(List.of(600f, 15.5f, 601.25f, 16f)).build());

    assertThat(WindowValues.isPacked(w)).isFalse();
    assertThat(WindowValues.count(w)).isEqualTo(4);
    float[] reuse = new float[8];
    assertThat(WindowValues.read(w, reuse)).isSameAs(reuse).startsWith(600f, 15.5f, 601.25f, 16f);
    assertThat(WindowValues.get(w, 3)).isEqualTo(16f);
    assertThat(WindowValues.asList(w)).containsExactly(600f, 15.5f, 601.25f, 16f);
  }

  @Test
  void bytesThatAreNotWholeFloatsAreRefusedWithTheWindowsId() {
    MtsWindow w =
        window().setValues(List.of()).setPackedValues(ByteBuffer.wrap(new byte[7])).build();

    assertThatThrownBy(() -> WindowValues.count(w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window w packs 7 bytes");
  }
}
