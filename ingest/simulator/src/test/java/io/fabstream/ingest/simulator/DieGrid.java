package io.fabstream.ingest.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a generated die grid the way an engineer reads a wafer map: fail fraction by zone and
 * the shape of the largest cluster of failing dies.
 */
final class DieGrid {

  final WaferGeometry geometry;
  final byte[] dies;

  DieGrid(WaferGeometry geometry, byte[] dies) {
    this.geometry = geometry;
    this.dies = dies;
  }

  /** Fail fraction of tested dies with relative radius in [from, to). */
  double failFraction(double from, double to) {
    return failFractionWhere(i -> geometry.radius(i) >= from && geometry.radius(i) < to);
  }

  /** Fail fraction of tested dies in the given angular sector of the outer band. */
  double edgeSectorFailFraction(int sector, int sectors, double innerRadius) {
    double width = 2 * Math.PI / sectors;
    double low = -Math.PI + sector * width;
    return failFractionWhere(
        i ->
            geometry.radius(i) >= innerRadius
                && geometry.angle(i) >= low
                && geometry.angle(i) < low + width);
  }

  double failFractionWhere(java.util.function.IntPredicate zone) {
    int tested = 0;
    int failed = 0;
    for (int i = 0; i < dies.length; i++) {
      if (geometry.onWafer(i) && zone.test(i)) {
        tested++;
        failed += dies[i] == WaferMapGenerator.FAIL ? 1 : 0;
      }
    }
    return tested == 0 ? 0 : (double) failed / tested;
  }

  /** Die indices of the largest 8-connected cluster of failing dies. */
  List<Integer> largestFailCluster() {
    boolean[] seen = new boolean[dies.length];
    List<Integer> best = List.of();
    int cols = geometry.cols();
    for (int start = 0; start < dies.length; start++) {
      if (seen[start] || dies[start] != WaferMapGenerator.FAIL) {
        continue;
      }
      List<Integer> cluster = new ArrayList<>();
      ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(start));
      seen[start] = true;
      while (!todo.isEmpty()) {
        int i = todo.poll();
        cluster.add(i);
        int r = i / cols;
        int c = i % cols;
        for (int dr = -1; dr <= 1; dr++) {
          for (int dc = -1; dc <= 1; dc++) {
            int rr = r + dr;
            int cc = c + dc;
            if (rr >= 0 && rr < geometry.rows() && cc >= 0 && cc < cols) {
              int j = rr * cols + cc;
              if (!seen[j] && dies[j] == WaferMapGenerator.FAIL) {
                seen[j] = true;
                todo.add(j);
              }
            }
          }
        }
      }
      if (cluster.size() > best.size()) {
        best = cluster;
      }
    }
    return best;
  }

  /** Ratio of the long to the short axis of a cluster (principal components of die positions). */
  double elongation(List<Integer> cluster) {
    int cols = geometry.cols();
    double mr = cluster.stream().mapToDouble(i -> i / cols).average().orElse(0);
    double mc = cluster.stream().mapToDouble(i -> i % cols).average().orElse(0);
    double srr = 0;
    double scc = 0;
    double src = 0;
    for (int i : cluster) {
      double dr = i / cols - mr;
      double dc = i % cols - mc;
      srr += dr * dr;
      scc += dc * dc;
      src += dr * dc;
    }
    double trace = srr + scc;
    double det = srr * scc - src * src;
    double disc = Math.sqrt(Math.max(0, trace * trace / 4 - det));
    double large = trace / 2 + disc;
    double small = Math.max(trace / 2 - disc, 1e-9 * Math.max(1, trace));
    return Math.sqrt(large / Math.max(small, cluster.size() / 12.0));
  }

  /** Mean relative radius of a cluster's dies. */
  double meanRadius(List<Integer> cluster) {
    return cluster.stream().mapToDouble(geometry::radius).average().orElse(0);
  }
}
