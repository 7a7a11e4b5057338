package io.fabstream.features.lot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.LotFeatures;
import io.fabstream.schemas.SensorSummary;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lot tracking's stream and state types serialize without Kryo: POJOs for inputs and state, Avro
 * (through flink-avro, logical timestamp types included) for the outputs.
 */
class LotTrackingTypesTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        LotInput.class,
        LotState.class,
        RouteStep.class,
        SensorMoments.class,
        WaferTally.class
      })
  void inputsAndStateAreFlinkPojosWithoutGenericFields(Class<?> type) {
    TypeInformation<?> info = TypeInformation.of(type);
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);

    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    assertThatCode(() -> info.createSerializer(noKryo)).doesNotThrowAnyException();
  }

  @Test
  void lotFeaturesRoundTripAsAvro() throws Exception {
    LotFeatures features =
        LotFeatures.newBuilder()
            .setLot("L1")
            .setStep("ETCH")
            .setProduct("P1")
            .setOpenedAt(Instant.parse("2025-03-01T06:00:00Z"))
            .setClosedAt(Instant.parse("2025-03-01T07:00:00Z"))
            .setClosedBy("TTL")
            .setWafersSeen(3)
            .setMeanDieYield(0.8)
            .setMinDieYield(null)
            .setFailDieDensity(0.2)
            .setSensorSummaries(
                List.of(
                    SensorSummary.newBuilder()
                        .setSensor("pressure")
                        .setCount(4)
                        .setMean(1.5)
                        .setStd(0.5)
                        .setMin(1)
                        .setMax(2)
                        .build()))
            .setTimeSincePreviousStepMillis(60_000L)
            .setPatternMix(Map.of("edge-ring", 2))
            .setAnomalousWindows(1)
            .build();

    assertRoundTrip(LotTrackingTypes.FEATURES, features);
  }

  @Test
  void deadLetterRoundTripsAsAvro() throws Exception {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setReasonCode("UNDECODABLE")
            .setReason("not Avro")
            .setSourceTopic("fab.wafer-maps")
            .setSourcePartition(1)
            .setSourceOffset(7)
            .setSourceTimestamp(null)
            .setOriginalKey(null)
            .setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .setApplication("lot-tracking")
            .setDetectedAt(Instant.parse("2025-03-01T06:00:00Z"))
            .build();

    assertRoundTrip(LotTrackingTypes.DEAD_LETTER, letter);
  }

  private static <T> void assertRoundTrip(TypeInformation<T> info, T value) throws Exception {
    TypeSerializer<T> serializer = info.createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    serializer.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

    assertThat(serializer.deserialize(in)).isEqualTo(value);
    // DataOutputSerializer does not grow on write(DataInputView, int): give it room.
    DataOutputSerializer copied = new DataOutputSerializer(4096);
    serializer.copy(in, copied);
    assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
        .isEqualTo(value);
    assertThat(serializer.copy(value)).isEqualTo(value).isNotSameAs(value);
    assertThat(serializer.duplicate()).isEqualTo(serializer);

    DataOutputSerializer snapshotOut = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(snapshotOut, serializer.snapshotConfiguration());
    TypeSerializerSnapshot<T> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(snapshotOut.getCopyOfBuffer()),
            LotTrackingTypesTest.class.getClassLoader());
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    assertThat(
            serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
  }
}
