package io.fabstream.ingest.simulator;

import io.fabstream.schemas.DefectPattern;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Draws wafer bin maps that look like WM-811K's: a round wafer on a rectangular die grid (dies
 * outside the circle or in the edge exclusion are 0), a low random background fail rate, and the
 * wafer's defect pattern as a spatial cluster of failing dies. Pattern size, position and density
 * vary per wafer so a model cannot key on one template, but each class keeps its signature: a
 * centre blob, a mid-radius ring, a patch at the edge, a full edge ring, a patch inside, almost all
 * failing, uniformly high fails, a thin line or arc, or background only.
 */
public final class WaferMapGenerator {

  /** Die code of a grid position with no die (off wafer or edge exclusion). */
  public static final byte NO_DIE = 0;

  /** Die code of a passing die. */
  public static final byte PASS = 1;

  /** Die code of a failing die. */
  public static final byte FAIL = 2;

  private final Map<ProductSpec, WaferGeometry> geometries = new ConcurrentHashMap<>();

  /** The geometry used for {@code product}'s maps. */
  public WaferGeometry geometry(ProductSpec product) {
    return geometries.computeIfAbsent(product, WaferGeometry::new);
  }

  /** A die grid, row-major, {@code rows*cols} bytes of 0 (no die), 1 (pass) or 2 (fail). */
  public byte[] dies(ProductSpec product, DefectPattern pattern, RandomGenerator rng) {
    WaferGeometry g = geometry(product);
    double background = 0.004 + rng.nextDouble() * 0.025;
    double[] pattern01 = patternProbability(g, pattern, rng);
    byte[] dies = new byte[g.size()];
    for (int i = 0; i < dies.length; i++) {
      if (!g.onWafer(i)) {
        dies[i] = NO_DIE;
      } else {
        double p = Math.max(background, pattern01[i]);
        dies[i] = rng.nextDouble() < p ? FAIL : PASS;
      }
    }
    return dies;
  }

  private static double[] patternProbability(
      WaferGeometry g, DefectPattern pattern, RandomGenerator rng) {
    double[] p = new double[g.size()];
    double peak = uniform(rng, 0.78, 0.96);
    switch (pattern) {
      case CENTER -> {
        double cx = uniform(rng, -0.08, 0.08);
        double cy = uniform(rng, -0.08, 0.08);
        double size = uniform(rng, 0.22, 0.38);
        fill(g, p, i -> peak * inside(size - distance(g, i, cx, cy), 0.04));
      }
      case DONUT -> {
        double middle = uniform(rng, 0.42, 0.58);
        double halfWidth = uniform(rng, 0.09, 0.14);
        fill(g, p, i -> peak * inside(halfWidth - Math.abs(g.radius(i) - middle), 0.03));
      }
      case EDGE_LOC -> {
        double direction = uniform(rng, -Math.PI, Math.PI);
        double halfAngle = uniform(rng, 0.4, 0.8);
        double inner = uniform(rng, 0.72, 0.84);
        fill(
            g,
            p,
            i ->
                peak
                    * inside(g.radius(i) - inner, 0.03)
                    * inside(halfAngle - angularDistance(g.angle(i), direction), 0.08));
      }
      case EDGE_RING -> {
        double inner = uniform(rng, 0.8, 0.88);
        fill(g, p, i -> peak * inside(g.radius(i) - inner, 0.02));
      }
      case LOC -> {
        double r = uniform(rng, 0.15, 0.6);
        double a = uniform(rng, -Math.PI, Math.PI);
        double size = uniform(rng, 0.12, 0.22);
        fill(
            g,
            p,
            i -> peak * inside(size - distance(g, i, r * Math.cos(a), r * Math.sin(a)), 0.03));
      }
      case NEAR_FULL -> {
        double level = uniform(rng, 0.85, 0.97);
        fill(g, p, i -> level);
      }
      case RANDOM -> {
        double level = uniform(rng, 0.2, 0.45);
        fill(g, p, i -> level);
      }
      case SCRATCH -> scratch(g, p, rng, peak);
      case NONE -> {
        // background only
      }
    }
    return p;
  }

  /** A thin, slightly curved line of fails starting inside the wafer. */
  private static void scratch(WaferGeometry g, double[] p, RandomGenerator rng, double peak) {
    double radiusDies = g.radiusInDies();
    double start = uniform(rng, 0.0, 0.6) * radiusDies;
    double startAngle = uniform(rng, -Math.PI, Math.PI);
    double x = g.cols() / 2.0 + start * Math.cos(startAngle);
    double y = g.rows() / 2.0 + start * Math.sin(startAngle);
    double heading = uniform(rng, -Math.PI, Math.PI);
    double curvature = uniform(rng, -0.04, 0.04);
    double length = uniform(rng, 0.7, 1.3) * radiusDies;
    double stepLength = 0.25;
    for (double walked = 0; walked < length; walked += stepLength) {
      int r0 = (int) Math.floor(y);
      int c0 = (int) Math.floor(x);
      for (int r = r0 - 1; r <= r0 + 1; r++) {
        for (int c = c0 - 1; c <= c0 + 1; c++) {
          if (r >= 0
              && r < g.rows()
              && c >= 0
              && c < g.cols()
              && Math.hypot(c + 0.5 - x, r + 0.5 - y) <= 0.62) {
            p[r * g.cols() + c] = peak;
          }
        }
      }
      x += stepLength * Math.cos(heading);
      y += stepLength * Math.sin(heading);
      heading += curvature * stepLength;
    }
  }

  private interface DieProbability {
    double at(int die);
  }

  private static void fill(WaferGeometry g, double[] p, DieProbability f) {
    for (int i = 0; i < p.length; i++) {
      if (g.onWafer(i)) {
        p[i] = f.at(i);
      }
    }
  }

  /** Smooth step: about 1 where {@code margin} is positive, 0 where negative. */
  private static double inside(double margin, double softness) {
    return 1.0 / (1.0 + Math.exp(-margin / softness));
  }

  private static double distance(WaferGeometry g, int i, double cx, double cy) {
    double x = g.radius(i) * Math.cos(g.angle(i));
    double y = g.radius(i) * Math.sin(g.angle(i));
    return Math.hypot(x - cx, y - cy);
  }

  private static double angularDistance(double a, double b) {
    double d = Math.abs(a - b) % (2 * Math.PI);
    return d > Math.PI ? 2 * Math.PI - d : d;
  }

  private static double uniform(RandomGenerator rng, double low, double high) {
    return low + rng.nextDouble() * (high - low);
  }
}
