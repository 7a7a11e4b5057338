package io.fabstream.inference.train;

import java.util.Random;

/** A class-preserving change applied to a training item each time it is drawn. */
@FunctionalInterface
public interface Augmentation {

  /** No change. */
  Augmentation NONE = (in, out, random) -> System.arraycopy(in, 0, out, 0, in.length);

  /** Writes a variant of {@code in} into {@code out} (same length). */
  void apply(float[] in, float[] out, Random random);
}
