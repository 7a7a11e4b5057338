package io.fabstream.drift.data;

import io.fabstream.drift.stats.FixedBinHistogram;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scope's data drift state in a store: while the reference is being set, the observations so
 * far (at most the reference size); afterwards, the reference, the window being counted on its
 * bins, and the window's sequence number. Bounded either way.
 */
final class ScopeDriftState {

  private static final int FORMAT_VERSION = 2;

  final List<Map<String, Double>> building;
  DataDriftReference reference;
  FeatureWindow window;
  long windowIndex;
  long windowStart = Long.MAX_VALUE;
  long windowEnd = Long.MIN_VALUE;

  /** The model version whose saved reference this scope is held to; 0 for its own first data. */
  int savedVersion;

  private ScopeDriftState(List<Map<String, Double>> building) {
    this.building = building;
  }

  static ScopeDriftState empty() {
    return new ScopeDriftState(new ArrayList<>());
  }

  /** Ends the reference phase with a reference fitted to {@link #building}. */
  void fix(int bins, java.util.Set<String> categorical) {
    reference = DataDriftReference.fit(building, bins, categorical);
    building.clear();
    window = reference.newWindow();
  }

  /** Holds the scope to a model's saved reference from the start: no reference phase. */
  void useSaved(SavedSample sample, int bins) {
    reference = DataDriftReference.fit(sample.rows(), bins, sample.categorical());
    savedVersion = sample.version();
    window = reference.newWindow();
  }

  /** Starts the next window. */
  void nextWindow() {
    window = reference.newWindow();
    windowIndex++;
    windowStart = Long.MAX_VALUE;
    windowEnd = Long.MIN_VALUE;
  }

  byte[] toBytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(FORMAT_VERSION);
      out.writeBoolean(reference != null);
      if (reference == null) {
        out.writeInt(building.size());
        for (Map<String, Double> o : building) {
          out.writeInt(o.size());
          for (Map.Entry<String, Double> e : o.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue() == null ? Double.NaN : e.getValue());
          }
        }
      } else {
        byte[] ref = reference.toBytes();
        out.writeInt(ref.length);
        out.write(ref);
        out.writeInt(savedVersion);
        out.writeLong(windowIndex);
        out.writeLong(windowStart);
        out.writeLong(windowEnd);
        out.writeLong(window.observations());
        for (FixedBinHistogram h : window.histograms().values()) {
          byte[] b = h.toBytes();
          out.writeInt(b.length);
          out.write(b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  static ScopeDriftState fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readInt();
      if (version != FORMAT_VERSION && version != 1) {
        throw new IllegalStateException(
            "data drift state format " + version + " is not 1 or " + FORMAT_VERSION);
      }
      ScopeDriftState s = empty();
      if (!in.readBoolean()) {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          int k = in.readInt();
          Map<String, Double> o = new LinkedHashMap<>();
          for (int j = 0; j < k; j++) {
            o.put(in.readUTF(), in.readDouble());
          }
          s.building.add(o);
        }
        return s;
      }
      byte[] ref = new byte[in.readInt()];
      in.readFully(ref);
      s.reference = DataDriftReference.fromBytes(ref);
      s.savedVersion = version >= 2 ? in.readInt() : 0;
      s.windowIndex = in.readLong();
      s.windowStart = in.readLong();
      s.windowEnd = in.readLong();
      long observations = in.readLong();
      List<FixedBinHistogram> hs = new ArrayList<>();
      for (int i = 0; i < s.reference.features().size(); i++) {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        hs.add(FixedBinHistogram.fromBytes(b));
      }
      s.window = FeatureWindow.restored(s.reference, hs, observations);
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("truncated data drift state", e);
    }
  }
}
