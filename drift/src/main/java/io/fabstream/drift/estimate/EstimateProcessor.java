package io.fabstream.drift.estimate;

import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReport;
import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One closed window of one scope's estimate into a report: the expected accuracy against the card's
 * accuracy (or the scope's own reference, whichever is lower), drifted only when the estimate
 * clears the threshold by {@code z} standard errors and the window holds enough predictions.
 */
final class EstimateProcessor
    implements Processor<Windowed<String>, ConfidenceBasedEstimate, String, DriftReport> {

  static final String REFERENCES = "estimate-references";

  private final EstimateConfig config;
  private final ModelBaselines baselines;
  private final Calibrations calibrations;
  private final Counter reports;
  private final Counter drifted;
  private ProcessorContext<String, DriftReport> context;
  private KeyValueStore<String, byte[]> references;

  EstimateProcessor(
      EstimateConfig config,
      ModelBaselines baselines,
      Calibrations calibrations,
      Counter reports,
      Counter drifted) {
    this.config = config;
    this.baselines = baselines;
    this.calibrations = calibrations;
    this.reports = reports;
    this.drifted = drifted;
  }

  @Override
  public void init(ProcessorContext<String, DriftReport> context) {
    this.context = context;
    this.references = context.getStateStore(REFERENCES);
  }

  @Override
  public void process(Record<Windowed<String>, ConfidenceBasedEstimate> record) {
    String key = record.key().key();
    String[] scope = key.split("\\|", -1);
    String model = scope[0];
    String version = scope[1];
    String tool = scope[2].isEmpty() ? null : scope[2];
    ConfidenceBasedEstimate e = record.value();
    double expected = e.expectedAccuracy();
    double se = e.standardError();
    Map<String, Double> details = new LinkedHashMap<>();
    details.put("standard_error", se);
    details.put("calibrated", calibrations.of(model, version).isPresent() ? 1.0 : 0.0);
    Optional<Double> card = baselines.of(model, version).flatMap(ModelBaselines.Baseline::accuracy);
    card.ifPresent(c -> details.put("card", c));
    Double baseline = card.orElse(null);
    boolean judged = false;
    if (config.referenceWindows() > 0) {
      double[] ref = reference(key);
      if (ref[1] < config.referenceWindows()) {
        if (e.count() >= config.minCount()) {
          references.put(key, encode(ref[0] + expected, ref[1] + 1));
        }
        details.put("establishing_reference", 1.0);
        baseline = null;
      } else {
        double mean = ref[0] / ref[1];
        details.put("reference", mean);
        baseline = card.map(c -> Math.min(c, mean)).orElse(mean);
        judged = true;
      }
    } else {
      judged = baseline != null;
    }
    Double threshold = baseline == null ? null : baseline - config.tolerance();
    boolean isDrifted =
        judged
            && threshold != null
            && e.count() >= config.minCount()
            && expected + config.z() * se < threshold;
    Instant start = record.key().window().startTime();
    Instant end = record.key().window().endTime();
    DriftReport r =
        DriftReport.newBuilder()
            .setReportId(
                String.join(
                    "|",
                    key,
                    "estimate",
                    "accuracy",
                    String.valueOf(start.toEpochMilli()),
                    String.valueOf(end.toEpochMilli())))
            .setModel(model)
            .setModelVersion(version)
            .setKind(DriftKind.ESTIMATED_PERFORMANCE)
            .setMetric("accuracy")
            .setTool(tool)
            .setChamber(null)
            .setProduct(null)
            .setWindowStart(start)
            .setWindowEnd(end)
            .setValue(expected)
            .setBaseline(baseline)
            .setThreshold(threshold)
            .setSampleSize(e.count())
            .setDrifted(isDrifted)
            .setDetails(details)
            .build();
    reports.increment();
    if (isDrifted) {
      drifted.increment();
    }
    context.forward(new Record<>(model, r, record.timestamp()));
  }

  private double[] reference(String key) {
    byte[] b = references.get(key);
    if (b == null) {
      return new double[] {0, 0};
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new double[] {buf.getDouble(), buf.getDouble()};
  }

  private static byte[] encode(double sum, double count) {
    return ByteBuffer.allocate(16).putDouble(sum).putDouble(count).array();
  }
}
