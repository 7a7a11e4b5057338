package io.fabstream.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.DefectPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WaferMapGeneratorTest {

  private static final ProductSpec P26 = new ProductSpec("P26-LOGIC", 26, 26, 1);
  private static final ProductSpec P32 = new ProductSpec("P32-SENSOR", 32, 30, 1);
  private static final ProductSpec P45 = new ProductSpec("P45-MEMORY", 45, 45, 2);
  private static final int WAFERS = 40;

  private final WaferMapGenerator generator = new WaferMapGenerator();

  @ParameterizedTest
  @EnumSource(DefectPattern.class)
  void everyMapIsARoundGridOfNoDiePassAndFail(DefectPattern pattern) {
    for (ProductSpec product : List.of(P26, P32, P45)) {
      DieGrid map = wafer(product, pattern, 7);
      WaferGeometry g = map.geometry;
      assertThat(map.dies).hasSize(product.rows() * product.cols());
      int tested = 0;
      for (int i = 0; i < map.dies.length; i++) {
        assertThat(map.dies[i]).isBetween((byte) 0, (byte) 2);
        assertThat(map.dies[i] != WaferMapGenerator.NO_DIE).isEqualTo(g.onWafer(i));
        tested += g.onWafer(i) ? 1 : 0;
      }
      double circle = Math.PI * g.radiusInDies() * g.radiusInDies();
      assertThat((double) tested)
          .isBetween(
              0.85 * circle,
              1.15 * circle * product.cols() / Math.min(product.rows(), product.cols()));
      int cols = product.cols();
      assertThat(map.dies[0]).as("corner").isEqualTo(WaferMapGenerator.NO_DIE);
      assertThat(map.dies[map.dies.length - 1]).as("corner").isEqualTo(WaferMapGenerator.NO_DIE);
      assertThat(map.dies[(product.rows() / 2) * cols + cols / 2])
          .as("centre")
          .isNotEqualTo(WaferMapGenerator.NO_DIE);
    }
  }

  @Test
  void edgeRingFailsTheOuterRingAndSparesTheInside() {
    double outer = mean(DefectPattern.EDGE_RING, m -> m.failFraction(0.92, 1.01));
    double inside = mean(DefectPattern.EDGE_RING, m -> m.failFraction(0, 0.6));
    assertThat(outer).isGreaterThan(0.6);
    assertThat(inside).isLessThan(0.05);
  }

  @Test
  void centerFailsTheMiddleAndSparesTheEdge() {
    assertThat(mean(DefectPattern.CENTER, m -> m.failFraction(0, 0.15))).isGreaterThan(0.6);
    assertThat(mean(DefectPattern.CENTER, m -> m.failFraction(0.7, 1.01))).isLessThan(0.05);
  }

  @Test
  void donutFailsMidRadiusWithAPassingMiddle() {
    assertThat(mean(DefectPattern.DONUT, m -> m.failFraction(0.45, 0.55))).isGreaterThan(0.6);
    assertThat(mean(DefectPattern.DONUT, m -> m.failFraction(0, 0.2))).isLessThan(0.05);
    assertThat(mean(DefectPattern.DONUT, m -> m.failFraction(0.85, 1.01))).isLessThan(0.05);
  }

  @Test
  void edgeLocFailsOnePartOfTheEdgeOnly() {
    for (DieGrid map : wafers(DefectPattern.EDGE_LOC)) {
      double worst = 0;
      double best = 1;
      for (int sector = 0; sector < 16; sector++) {
        double f = map.edgeSectorFailFraction(sector, 16, 0.9);
        worst = Math.max(worst, f);
        best = Math.min(best, f);
      }
      assertThat(worst).isGreaterThan(0.5);
      assertThat(best).isLessThan(0.1);
      assertThat(map.failFraction(0, 0.6)).isLessThan(0.06);
    }
  }

  @Test
  void locIsACompactPatchInsideTheWafer() {
    int compactInside = 0;
    for (DieGrid map : wafers(DefectPattern.LOC)) {
      List<Integer> cluster = map.largestFailCluster();
      if (cluster.size() >= 5 && map.elongation(cluster) < 2.5 && map.meanRadius(cluster) < 0.8) {
        compactInside++;
      }
    }
    assertThat(compactInside).isGreaterThanOrEqualTo(WAFERS * 9 / 10);
  }

  @Test
  void scratchIsAThinLongLine() {
    int lines = 0;
    for (DieGrid map : wafers(DefectPattern.SCRATCH)) {
      List<Integer> cluster = map.largestFailCluster();
      if (cluster.size() >= 6 && map.elongation(cluster) > 3) {
        lines++;
      }
      assertThat(map.failFraction(0, 1.01)).isLessThan(0.15);
    }
    assertThat(lines).isGreaterThanOrEqualTo(WAFERS * 9 / 10);
  }

  @Test
  void nearFullFailsAlmostEverything() {
    assertThat(mean(DefectPattern.NEAR_FULL, m -> m.failFraction(0, 1.01))).isGreaterThan(0.8);
  }

  @Test
  void randomFailsManyDiesEverywhereAlike() {
    double inner = mean(DefectPattern.RANDOM, m -> m.failFraction(0, 0.6));
    double outer = mean(DefectPattern.RANDOM, m -> m.failFraction(0.6, 1.01));
    assertThat(inner).isBetween(0.15, 0.5);
    assertThat(Math.abs(inner - outer)).isLessThan(0.05);
  }

  @Test
  void noneShowsOnlySparseBackgroundFails() {
    assertThat(mean(DefectPattern.NONE, m -> m.failFraction(0, 1.01))).isLessThan(0.04);
    for (DieGrid map : wafers(DefectPattern.NONE)) {
      assertThat(map.largestFailCluster().size()).isLessThan(6);
    }
  }

  private DieGrid wafer(ProductSpec product, DefectPattern pattern, long seed) {
    return new DieGrid(
        generator.geometry(product), generator.dies(product, pattern, new SplittableRandom(seed)));
  }

  private List<DieGrid> wafers(DefectPattern pattern) {
    List<DieGrid> maps = new ArrayList<>();
    List<ProductSpec> products = List.of(P26, P32, P45);
    for (int i = 0; i < WAFERS; i++) {
      maps.add(wafer(products.get(i % products.size()), pattern, 1000L + i));
    }
    return maps;
  }

  private double mean(DefectPattern pattern, ToDoubleFunction<DieGrid> measure) {
    return wafers(pattern).stream().mapToDouble(measure).average().orElseThrow();
  }
}
