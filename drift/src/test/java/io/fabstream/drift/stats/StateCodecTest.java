package io.fabstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StateCodecTest {

  @Test
  void roundTripsWithTheVersionFirst() {
    byte[] bytes = StateCodec.encode(3, out -> out.writeInt(42));
    assertThat(bytes).containsExactly(3, 0, 0, 0, 42);
    int value =
        StateCodec.decode(
            bytes,
            "Thing",
            3,
            (in, version) -> {
              assertThat(version).isEqualTo(3);
              return in.readInt();
            });
    assertThat(value).isEqualTo(42);
  }

  @Test
  void olderVersionsAreHandedToTheReader() {
    byte[] bytes = StateCodec.encode(1, out -> out.writeByte(7));
    int seen = StateCodec.decode(bytes, "Thing", 2, (in, version) -> version * 100 + in.readByte());
    assertThat(seen).isEqualTo(107);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> StateCodec.encode(0, out -> {}))
        .hasMessage("format version must be in [1, 127], got 0");
    assertThatThrownBy(() -> StateCodec.decode(null, "Thing", 1, (in, v) -> 0))
        .hasMessage("cannot decode Thing: bytes are null");
    assertThatThrownBy(() -> StateCodec.decode(new byte[0], "Thing", 1, (in, v) -> 0))
        .hasMessage("cannot decode Thing: no bytes");
    assertThatThrownBy(() -> StateCodec.decode(new byte[] {0}, "Thing", 1, (in, v) -> 0))
        .hasMessage(
            "cannot decode Thing: unsupported format version 0 (this build reads versions 1 to 1)");
    assertThatThrownBy(
            () -> StateCodec.decode(new byte[] {1, 0}, "Thing", 1, (in, v) -> in.readInt()))
        .hasMessage("cannot decode Thing: truncated after 2 bytes");
    assertThatThrownBy(
            () -> StateCodec.decode(new byte[] {1, 0, 0}, "Thing", 1, (in, v) -> in.readByte()))
        .hasMessage("cannot decode Thing: 1 unexpected trailing bytes");
  }

  @Test
  void overflowingCountsAreInvalidBytes() {
    // two bins of Long.MAX_VALUE cannot sum to a total
    byte[] bytes = FixedBinHistogram.of(BinEdges.uniform(0, 1, 1)).toBytes();
    ByteBuffer.wrap(bytes, 1 + 4 + 16, 16).putLong(Long.MAX_VALUE).putLong(Long.MAX_VALUE);
    assertThatThrownBy(() -> FixedBinHistogram.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot decode FixedBinHistogram: long overflow");
  }

  @Test
  void boundedCountsAreCheckedBeforeAllocation() {
    byte[] bytes = StateCodec.encode(1, out -> out.writeInt(1_000_000_000));
    assertThatThrownBy(
            () ->
                StateCodec.decode(
                    bytes, "Thing", 1, (in, v) -> StateCodec.readBoundedInt(in, "length", 0, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot decode Thing: length 1000000000 outside [0, 10]");
  }
}
