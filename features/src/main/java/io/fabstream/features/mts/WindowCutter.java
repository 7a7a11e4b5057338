package io.fabstream.features.mts;

import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.OffsetRange;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link MtsWindow} records from a sequence's state: the sliding ring as is, and a wafer x
 * step segment resampled to T rows by linear interpolation in time. Window ids are derived from the
 * sequence and the window's bounds only, so a restart or a replay reproduces them exactly.
 */
final class WindowCutter {

  private final MtsWindowConfig config;
  private final float[] referenceMeans;

  WindowCutter(MtsWindowConfig config) {
    this.config = config;
    this.referenceMeans = config.reference() != null ? config.reference().means() : null;
  }

  float[] referenceMeans() {
    return referenceMeans;
  }

  /** The sliding window of the ring's last T rows. */
  MtsWindow sliding(ChamberTrack t) {
    int length = t.capacity();
    int s = t.width();
    float[] values = new float[length * s];
    LinkedHashSet<String> wafers = new LinkedHashSet<>();
    Map<Integer, long[]> offsets = new TreeMap<>();
    int filled = 0;
    for (int i = 0; i < length; i++) {
      int r = t.ringIndex(i);
      System.arraycopy(t.ring, r * s, values, i * s, s);
      if (t.ringWafers[r] != null) {
        wafers.add(t.ringWafers[r]);
      }
      filled += t.ringFilled[r];
      addOffset(offsets, t.ringPartitions[r], t.ringOffsets[r]);
    }
    long start = t.ringTimes[t.ringIndex(0)];
    long end = t.ringTimes[t.ringIndex(length - 1)];
    return MtsWindow.newBuilder()
        .setWindowId(
            "SLIDING/" + t.tool + "/" + t.chamber + "/" + t.recipe + "/" + start + "-" + end)
        .setTool(t.tool)
        .setChamber(t.chamber)
        .setRecipe(t.recipe)
        .setRecipeStep(null)
        .setLot(t.lastLot)
        .setWafers(new ArrayList<>(wafers))
        .setMode(WindowMode.SLIDING)
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(end))
        .setLength(length)
        .setSensorNames(Arrays.asList(t.sensors))
        .setValues(List.of())
        .setPackedValues(WindowValues.pack(values))
        .setFilledGaps(filled)
        .setSourceOffsets(ranges(t.topic, offsets))
        .build();
  }

  /** The open segment resampled to T rows. */
  MtsWindow stepAligned(ChamberTrack t) {
    int length = config.windowLength();
    int s = t.width();
    int n = t.segRows;
    long first = t.segTimes[0];
    long last = t.segTimes[n - 1];
    float[] values = new float[length * s];
    int filled = t.segFilled;
    int j = 0;
    for (int k = 0; k < length; k++) {
      double at = n == 1 ? first : first + (double) (last - first) * k / (length - 1);
      while (j < n - 2 && t.segTimes[j + 1] <= at) {
        j++;
      }
      int lo = j;
      int hi = Math.min(j + 1, n - 1);
      long t0 = t.segTimes[lo];
      long t1 = t.segTimes[hi];
      double w = t1 > t0 ? Math.min(1, Math.max(0, (at - t0) / (t1 - t0))) : 0;
      if (hi != lo && GapRule.isGap(t1 - t0, t.periodMillis) && at > t0 && at < t1) {
        filled += s;
      }
      for (int c = 0; c < s; c++) {
        float a = t.segValues[lo * s + c];
        float b = t.segValues[hi * s + c];
        values[k * s + c] = (float) (a + (b - a) * w);
      }
    }
    Map<Integer, long[]> offsets = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      addOffset(offsets, t.segPartitions[i], t.segOffsets[i]);
    }
    return MtsWindow.newBuilder()
        .setWindowId(
            "STEP_ALIGNED/"
                + t.tool
                + "/"
                + t.chamber
                + "/"
                + t.recipe
                + "/"
                + t.segWafer
                + "/"
                + t.segStep
                + "/"
                + first)
        .setTool(t.tool)
        .setChamber(t.chamber)
        .setRecipe(t.recipe)
        .setRecipeStep(t.segStep)
        .setLot(t.segLot)
        .setWafers(t.segWafer == null ? List.of() : List.of(t.segWafer))
        .setMode(WindowMode.STEP_ALIGNED)
        .setWindowStart(Instant.ofEpochMilli(first))
        .setWindowEnd(Instant.ofEpochMilli(last))
        .setLength(length)
        .setSensorNames(Arrays.asList(t.sensors))
        .setValues(List.of())
        .setPackedValues(WindowValues.pack(values))
        .setFilledGaps(filled)
        .setSourceOffsets(ranges(t.topic, offsets))
        .build();
  }

  private static void addOffset(Map<Integer, long[]> offsets, int partition, long offset) {
    if (partition < 0) {
      return;
    }
    long[] range = offsets.computeIfAbsent(partition, p -> new long[] {offset, offset});
    range[0] = Math.min(range[0], offset);
    range[1] = Math.max(range[1], offset);
  }

  private static List<OffsetRange> ranges(String topic, Map<Integer, long[]> offsets) {
    List<OffsetRange> out = new ArrayList<>(offsets.size());
    offsets.forEach((p, r) -> out.add(new OffsetRange(topic == null ? "" : topic, p, r[0], r[1])));
    return out;
  }
}
