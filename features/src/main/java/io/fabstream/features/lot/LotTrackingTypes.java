package io.fabstream.features.lot;

import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.LotFeatures;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * The Flink types of the lot-tracking streams, declared once so every operator and test names the
 * same ones: POJO inputs, and Avro outputs serialized by {@code flink-avro} rather than Kryo.
 */
public final class LotTrackingTypes {

  /** Inputs from all three topics. */
  public static final TypeInformation<LotInput> INPUT = Types.POJO(LotInput.class);

  /** Lot and lot x step features. */
  public static final TypeInformation<LotFeatures> FEATURES = new AvroTypeInfo<>(LotFeatures.class);

  /** Records lot tracking could not use. */
  public static final TypeInformation<DeadLetter> DEAD_LETTER =
      new AvroTypeInfo<>(DeadLetter.class);

  private LotTrackingTypes() {}
}
