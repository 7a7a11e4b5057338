package io.fabstream.drift.data;

import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per scope: the first observations set the reference, then every {@code windowSize} observations
 * are judged against it and give one {@link DriftReport} (drifted or not, so a dashboard sees the
 * statistics every window). The report carries each feature's PSI, KS statistic and p-value for the
 * most shifted features, and the count of drifted features as its value.
 */
final class DataDriftProcessor implements Processor<String, DriftObservation, String, DriftReport> {

  /** Store of the input (data) drift states. */
  static final String DATA_STORE = "data-drift-scopes";

  /** Store of the output (prediction) drift states. */
  static final String PREDICTION_STORE = "prediction-drift-scopes";

  /** Features whose figures a report carries, most shifted first. */
  static final int REPORTED_FEATURES = 10;

  private final DriftKind kind;
  private final DataDriftAppConfig config;
  private final DataDriftCheck check;
  private final Counter reports;
  private final Counter drifted;
  private ProcessorContext<String, DriftReport> context;
  private KeyValueStore<String, byte[]> store;

  DataDriftProcessor(DriftKind kind, DataDriftAppConfig config, Counter reports, Counter drifted) {
    this.kind = kind;
    this.config = config;
    this.check =
        new DataDriftCheck(kind == DriftKind.PREDICTION ? config.outputRule() : config.rule());
    this.reports = reports;
    this.drifted = drifted;
  }

  @Override
  public void init(ProcessorContext<String, DriftReport> context) {
    this.context = context;
    this.store =
        context.getStateStore(kind == DriftKind.PREDICTION ? PREDICTION_STORE : DATA_STORE);
  }

  @Override
  public void process(Record<String, DriftObservation> record) {
    DriftObservation o = record.value();
    String key = o.scopeKey();
    byte[] bytes = store.get(key);
    ScopeDriftState s = bytes == null ? ScopeDriftState.empty() : ScopeDriftState.fromBytes(bytes);
    if (s.reference == null) {
      s.building.add(o.features());
      if (s.building.size() >= config.referenceSize()) {
        s.fix(check.config().bins());
      }
    } else {
      s.window.add(o.features());
      s.windowStart = Math.min(s.windowStart, o.eventTime());
      s.windowEnd = Math.max(s.windowEnd, o.eventTime());
      if (s.window.observations() >= config.windowSize()) {
        DriftReport r = report(o, s, check.evaluate(s.window));
        reports.increment();
        if (r.getDrifted()) {
          drifted.increment();
        }
        context.forward(new Record<>(o.model(), r, record.timestamp()));
        s.nextWindow();
      }
    }
    store.put(key, s.toBytes());
  }

  private DriftReport report(DriftObservation o, ScopeDriftState s, DataDriftVerdict v) {
    Map<String, Double> details = new LinkedHashMap<>();
    details.put("max_psi", v.maxPsi());
    details.put("features", (double) v.features().size());
    details.put("ks_alpha", check.config().ksAlpha());
    details.put("min_psi", check.config().minPsi());
    v.features().stream()
        .limit(REPORTED_FEATURES)
        .forEach(
            f -> {
              details.put("psi:" + f.feature(), f.psi());
              details.put("ks_d:" + f.feature(), f.ksD());
              details.put("ks_p:" + f.feature(), f.ksPValue());
            });
    return DriftReport.newBuilder()
        .setReportId(
            String.join("|", "data", kind.name(), o.scopeKey(), String.valueOf(s.windowIndex)))
        .setModel(o.model())
        .setModelVersion(o.version())
        .setKind(kind)
        .setMetric("drifted_features")
        .setTool(o.tool())
        .setChamber(o.chamber())
        .setProduct(null)
        .setWindowStart(Instant.ofEpochMilli(s.windowStart))
        .setWindowEnd(Instant.ofEpochMilli(s.windowEnd))
        .setValue(v.drifted().size())
        .setBaseline(0.0)
        .setThreshold((double) check.config().minDriftedFeatures())
        .setSampleSize(v.observations())
        .setDrifted(v.alarm())
        .setDetails(details)
        .build();
  }
}
