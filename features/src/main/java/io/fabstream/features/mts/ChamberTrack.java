package io.fabstream.features.mts;

/**
 * Everything {@link MtsWindowFunction} remembers about one tool/chamber/recipe sequence between
 * samples: the sensor layout, the learned sampling period, the last row (for carrying values
 * forward), the last T rows of the sliding window as a ring, and the open wafer x step segment. A
 * Flink POJO of flat arrays, so a checkpoint of thousands of sequences stays cheap.
 */
public class ChamberTrack {
  public String tool;
  public String chamber;
  public String recipe;
  public String[] sensors;
  public String topic;
  public long periodMillis;
  public long lastTime;
  public float[] lastRow;
  public String lastWafer;
  public String lastLot;
  public long quietTimer;

  // Sliding ring of the last T rows (capacity T); head is the next write position.
  public float[] ring;
  public long[] ringTimes;
  public String[] ringWafers;
  public int[] ringPartitions;
  public long[] ringOffsets;
  public int[] ringFilled;
  public int head;
  public long rows;

  // The open wafer x recipe step segment; observed rows only, grown as needed.
  public String segWafer;
  public String segStep;
  public String segLot;
  public int segRows;
  public float[] segValues;
  public long[] segTimes;
  public int[] segPartitions;
  public long[] segOffsets;
  public int segFilled;

  public ChamberTrack() {}

  /** A new sequence with {@code sensors} columns and T = {@code windowLength}. */
  static ChamberTrack start(TracePoint first, String[] sensors, int windowLength) {
    ChamberTrack t = new ChamberTrack();
    t.tool = first.tool;
    t.chamber = first.chamber;
    t.recipe = first.recipe;
    String topic = first.topic;
    t.sensors = sensors;
    t.topic = topic;
    t.lastTime = Long.MIN_VALUE;
    t.quietTimer = Long.MIN_VALUE;
    int s = sensors.length;
    t.ring = new float[windowLength * s];
    t.ringTimes = new long[windowLength];
    t.ringWafers = new String[windowLength];
    t.ringPartitions = new int[windowLength];
    t.ringOffsets = new long[windowLength];
    t.ringFilled = new int[windowLength];
    t.segValues = new float[16 * s];
    t.segTimes = new long[16];
    t.segPartitions = new int[16];
    t.segOffsets = new long[16];
    return t;
  }

  int width() {
    return sensors.length;
  }

  int capacity() {
    return ringTimes.length;
  }

  /** Appends a row to the sliding ring. */
  void pushRow(float[] row, long time, String wafer, int partition, long offset, int filled) {
    int s = width();
    System.arraycopy(row, 0, ring, head * s, s);
    ringTimes[head] = time;
    ringWafers[head] = wafer;
    ringPartitions[head] = partition;
    ringOffsets[head] = offset;
    ringFilled[head] = filled;
    head = (head + 1) % capacity();
    rows++;
  }

  /** Ring index of the i-th oldest of the last T rows. */
  int ringIndex(int i) {
    return (head + i) % capacity();
  }

  /** Appends an observed row to the open segment. */
  void pushSegment(float[] row, long time, int partition, long offset, int filled) {
    int s = width();
    if (segRows == segTimes.length) {
      int n = segTimes.length * 2;
      segValues = java.util.Arrays.copyOf(segValues, n * s);
      segTimes = java.util.Arrays.copyOf(segTimes, n);
      segPartitions = java.util.Arrays.copyOf(segPartitions, n);
      segOffsets = java.util.Arrays.copyOf(segOffsets, n);
    }
    System.arraycopy(row, 0, segValues, segRows * s, s);
    segTimes[segRows] = time;
    segPartitions[segRows] = partition;
    segOffsets[segRows] = offset;
    segRows++;
    segFilled += filled;
  }

  /** Forgets the open segment (after it was emitted or dropped). */
  void resetSegment() {
    segWafer = null;
    segStep = null;
    segLot = null;
    segRows = 0;
    segFilled = 0;
    if (segTimes.length > 64) {
      int s = width();
      segValues = new float[16 * s];
      segTimes = new long[16];
      segPartitions = new int[16];
      segOffsets = new long[16];
    }
  }

  /** Ends the sequence: no sliding window spans what comes next. */
  void breakSequence() {
    rows = 0;
    head = 0;
    lastTime = Long.MIN_VALUE;
  }
}
