package io.fabstream.drift.data;

import io.fabstream.drift.baseline.ModelBaselines;
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
 * Per scope: the model's saved reference where the config asks for it and the version has one
 * (inputs: the promoted version's; outputs: the scoring version's), otherwise the scope's first
 * observations, set the reference; then every {@code windowSize} observations are judged against it
 * and give one {@link DriftReport} (drifted or not, so a dashboard sees the statistics every
 * window). The report carries each feature's PSI, test statistic and p-value (KS, or chi-square for
 * a categorical feature) for the most significant features, and the count of drifted features as
 * its value.
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
  private final DataDriftCheck waferOutputCheck;
  private final Counter reports;
  private final Counter drifted;
  private final ModelBaselines baselines;
  private ProcessorContext<String, DriftReport> context;
  private KeyValueStore<String, byte[]> store;

  DataDriftProcessor(
      DriftKind kind,
      DataDriftAppConfig config,
      ModelBaselines baselines,
      Counter reports,
      Counter drifted) {
    this.kind = kind;
    this.baselines = baselines;
    this.config = config;
    this.check =
        new DataDriftCheck(kind == DriftKind.PREDICTION ? config.outputRule() : config.rule());
    this.waferOutputCheck =
        new DataDriftCheck(kind == DriftKind.PREDICTION ? config.waferOutputRule() : config.rule());
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
    DataDriftCheck rule = o.model().equals(config.waferModel()) ? waferOutputCheck : check;
    ScopeDriftState s;
    if (bytes != null) {
      s = ScopeDriftState.fromBytes(bytes);
    } else {
      s = ScopeDriftState.empty();
      savedReference(o).ifPresent(sample -> s.useSaved(sample, rule.config().bins()));
    }
    if (s.reference == null) {
      s.building.add(o.features());
      if (s.building.size() >= config.referenceSize()) {
        s.fix(rule.config().bins(), DataDriftApp.CATEGORICAL);
      }
    } else {
      s.window.add(o.features());
      s.windowStart = Math.min(s.windowStart, o.eventTime());
      s.windowEnd = Math.max(s.windowEnd, o.eventTime());
      if (s.window.observations() >= config.windowSize()) {
        DriftReport r = report(o, s, rule, rule.evaluate(s.window));
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

  /** The saved sample this scope is held to, if the config asks for one and the model has it. */
  private java.util.Optional<SavedSample> savedReference(DriftObservation o) {
    if (!config.savedReferences()) {
      return java.util.Optional.empty();
    }
    java.util.Optional<ModelBaselines.Baseline> version =
        o.version().equals("inputs")
            ? baselines.promoted(o.model())
            : baselines.of(o.model(), o.version());
    return version.flatMap(
        b ->
            b.reference()
                .map(r -> kind == DriftKind.PREDICTION ? r.outputs() : r.inputs())
                .filter(rows -> !rows.isEmpty())
                .map(rows -> new SavedSample(b.version(), rows, b.driftReference().categorical())));
  }

  private DriftReport report(
      DriftObservation o, ScopeDriftState s, DataDriftCheck check, DataDriftVerdict v) {
    Map<String, Double> details = new LinkedHashMap<>();
    details.put("max_psi", v.maxPsi());
    details.put("features", (double) v.features().size());
    details.put("ks_alpha", check.config().ksAlpha());
    details.put("min_psi", check.config().minPsi());
    // which reference: a model version's saved one, or the scope's own first observations (0)
    details.put("saved_reference_version", (double) s.savedVersion);
    v.features().stream()
        .limit(REPORTED_FEATURES)
        .forEach(
            f -> {
              details.put("psi:" + f.feature(), f.psi());
              String stat = f.test().equals("ks") ? "ks_d:" : "chi2:";
              details.put(stat + f.feature(), f.statistic());
              details.put(f.test() + "_p:" + f.feature(), f.pValue());
            });
    return DriftReport.newBuilder()
        .setReportId(
            String.join("|", "data", kind.name(), o.scopeKey(), String.valueOf(s.windowIndex)))
        .setModel(o.model())
        .setModelVersion(o.version())
        .setKind(kind)
        .setMetric("drifted_features")
        .setTool(o.tool())
        .setChamber(o.chamber().isEmpty() ? null : o.chamber())
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
