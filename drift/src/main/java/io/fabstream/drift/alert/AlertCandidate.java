package io.fabstream.drift.alert;

import io.fabstream.drift.InternalAvro;
import io.fabstream.drift.stats.StateCodec;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.RetrainRequest;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An alert the rules want to raise, with the retraining request that goes with it (or none), before
 * deduplication decides whether it is news. Both travel together so a suppressed alert never sends
 * its request alone.
 *
 * @param alert the alert; its id is the deduplication key
 * @param request the retraining request, or null
 */
public record AlertCandidate(Alert alert, RetrainRequest request) {

  private static final int FORMAT = 1;
  private static final InternalAvro<Alert> ALERTS = new InternalAvro<>(Alert.class);
  private static final InternalAvro<RetrainRequest> REQUESTS =
      new InternalAvro<>(RetrainRequest.class);

  public AlertCandidate {
    if (alert == null) {
      throw new IllegalArgumentException("a candidate needs its alert");
    }
  }

  byte[] toBytes() {
    return StateCodec.encode(
        FORMAT,
        out -> {
          ALERTS.write(out, alert);
          out.writeBoolean(request != null);
          if (request != null) {
            REQUESTS.write(out, request);
          }
        });
  }

  static AlertCandidate fromBytes(byte[] bytes) {
    return StateCodec.decode(
        bytes,
        "AlertCandidate",
        FORMAT,
        (in, version) -> {
          Alert a = ALERTS.read(in);
          RetrainRequest r = in.readBoolean() ? REQUESTS.read(in) : null;
          return new AlertCandidate(a, r);
        });
  }

  /** The candidate serde, for the repartition by alert id. */
  static Serde<AlertCandidate> serde() {
    return Serdes.serdeFrom(
        (topic, c) -> c == null ? null : c.toBytes(),
        (topic, b) -> b == null ? null : fromBytes(b));
  }
}
