package io.fabstream.features.runtime;

import io.fabstream.features.kafka.RejectedRecord;
import java.io.Serializable;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes usable records on and sends records a source could not use to {@link #REJECTED}, from
 * where each job writes them to the dead-letter topic: bad input is kept, explained, and never
 * fails the job.
 */
public final class RejectedSplitter<T> extends ProcessFunction<T, T> {

  private static final long serialVersionUID = 1L;

  /** Records a source could not use. */
  public static final OutputTag<RejectedRecord> REJECTED =
      new OutputTag<>("rejected", TypeInformation.of(RejectedRecord.class));

  /** Serializable accessor of a record's rejection (null when usable). */
  public interface Rejection<T> extends Function<T, RejectedRecord>, Serializable {}

  private final Rejection<T> rejection;

  public RejectedSplitter(Rejection<T> rejection) {
    this.rejection = rejection;
  }

  @Override
  public void processElement(T value, Context ctx, Collector<T> out) {
    RejectedRecord r = rejection.apply(value);
    if (r == null) {
      out.collect(value);
    } else {
      ctx.output(REJECTED, r);
    }
  }
}
