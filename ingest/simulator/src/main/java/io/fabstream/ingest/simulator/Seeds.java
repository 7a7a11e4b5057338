package io.fabstream.ingest.simulator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Independent random streams derived from the run seed and a purpose (e.g. the map of wafer X).
 * Deriving instead of sharing one generator keeps records reproducible even when the order of
 * generation changes, and keeps traces from shifting when the pattern mix changes.
 */
final class Seeds {

  private Seeds() {}

  /** A generator for {@code purpose} under {@code seed}. */
  static SplittableRandom stream(long seed, String purpose) {
    long h = mix(seed);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xff));
    }
    return new SplittableRandom(h);
  }

  /** The SplitMix64 finaliser. */
  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
