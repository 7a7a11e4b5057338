package io.fabstream.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * The values of an {@link MtsWindow}, whichever field holds them. The pipeline writes windows
 * packed ({@code packedValues}: little-endian float32), which decodes and encodes without a boxed
 * {@code Float} per value, the largest per-record cost of scoring a 60 x 20 window; equipment and
 * older writers may still fill the {@code values} array. Readers go through here and never care
 * which.
 */
public final class WindowValues {

  private WindowValues() {}

  /** {@code values} as packed bytes, ready for {@code setPackedValues}. */
  public static ByteBuffer pack(float[] values) {
    return pack(values, values.length);
  }

  /** The first {@code count} of {@code values} as packed bytes. */
  public static ByteBuffer pack(float[] values, int count) {
    ByteBuffer bytes = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values, 0, count);
    return bytes;
  }

  /** Whether the window's values are packed. */
  public static boolean isPacked(MtsWindow w) {
    ByteBuffer packed = w.getPackedValues();
    return packed != null && packed.remaining() > 0;
  }

  /**
   * How many values the window holds.
   *
   * @throws IllegalArgumentException when the packed bytes are not a whole number of floats
   */
  public static int count(MtsWindow w) {
    if (isPacked(w)) {
      int bytes = w.getPackedValues().remaining();
      if (bytes % Float.BYTES != 0) {
        throw new IllegalArgumentException(
            "window " + w.getWindowId() + " packs " + bytes + " bytes, not whole 4-byte floats");
      }
      return bytes / Float.BYTES;
    }
    return w.getValues() == null ? 0 : w.getValues().size();
  }

  /**
   * The window's values, row-major (time first), into {@code reuse} when it is large enough.
   *
   * @throws IllegalArgumentException when the packed bytes are not a whole number of floats
   */
  public static float[] read(MtsWindow w, float[] reuse) {
    int n = count(w);
    float[] out = reuse != null && reuse.length >= n ? reuse : new float[n];
    if (isPacked(w)) {
      floats(w).get(out, 0, n);
      return out;
    }
    List<Float> values = w.getValues();
    if (values instanceof PrimitivesArrays.FloatArray primitive) {
      for (int i = 0; i < n; i++) {
        out[i] = primitive.getFloat(i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = values.get(i);
      }
    }
    return out;
  }

  /** The value at {@code index} (row-major). */
  public static float get(MtsWindow w, int index) {
    if (isPacked(w)) {
      return floats(w).get(index);
    }
    List<Float> values = w.getValues();
    return values instanceof PrimitivesArrays.FloatArray primitive
        ? primitive.getFloat(index)
        : values.get(index);
  }

  /** Every value as a new list, for tests and tools that want one. */
  public static List<Float> asList(MtsWindow w) {
    float[] all = read(w, null);
    Float[] boxed = new Float[all.length];
    for (int i = 0; i < all.length; i++) {
      boxed[i] = all[i];
    }
    return List.of(boxed);
  }

  private static FloatBuffer floats(MtsWindow w) {
    return w.getPackedValues().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }
}
