package io.fabstream.drift.alert;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A tool's scored step windows in one time bucket, and how many the trace model called faulty: one
 * point of the tool's p-chart.
 *
 * @param model model that scored them (the last seen, when a promotion fell inside the bucket)
 * @param version its version
 * @param anomalies windows called faulty
 * @param windows windows scored
 */
record AnomalyBucket(String model, String version, long anomalies, long windows) {

  static AnomalyBucket empty() {
    return new AnomalyBucket("", "", 0, 0);
  }

  AnomalyBucket add(String m, String v, boolean anomalous) {
    return new AnomalyBucket(m, v, anomalies + (anomalous ? 1 : 0), windows + 1);
  }

  static Serde<AnomalyBucket> serde() {
    return Serdes.serdeFrom(
        (topic, b) ->
            b == null
                ? null
                : io.fabstream.drift.stats.StateCodec.encode(
                    1,
                    out -> {
                      out.writeUTF(b.model);
                      out.writeUTF(b.version);
                      out.writeLong(b.anomalies);
                      out.writeLong(b.windows);
                    }),
        (topic, bytes) ->
            bytes == null
                ? null
                : io.fabstream.drift.stats.StateCodec.decode(
                    bytes,
                    "AnomalyBucket",
                    1,
                    (in, version) ->
                        new AnomalyBucket(
                            in.readUTF(), in.readUTF(), in.readLong(), in.readLong())));
  }
}
