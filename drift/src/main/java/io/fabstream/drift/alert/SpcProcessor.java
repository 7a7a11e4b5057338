package io.fabstream.drift.alert;

import io.fabstream.drift.spc.ProportionChart;
import io.fabstream.drift.spc.WesternElectricRules.Rule;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Places each tool's closed bucket on its p-chart and raises an alert for each Western Electric
 * rule that fires (rule 1 critical, rules 2 to 4 warnings). Input: key tool, value the bucket with
 * its window start and end (millis) in {@link SpcPoint}.
 */
final class SpcProcessor implements Processor<String, SpcPoint, String, AlertCandidate> {

  static final String CHARTS = "spc-charts";

  private final AlertConfig config;
  private final AlertMetrics metrics;
  private ProcessorContext<String, AlertCandidate> context;
  private KeyValueStore<String, byte[]> charts;

  SpcProcessor(AlertConfig config, AlertMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, AlertCandidate> context) {
    this.context = context;
    this.charts = context.getStateStore(CHARTS);
  }

  @Override
  public void process(Record<String, SpcPoint> record) {
    String tool = record.key();
    SpcPoint point = record.value();
    AnomalyBucket b = point.bucket();
    byte[] held = charts.get(tool);
    ToolChart state = held == null ? ToolChart.start() : ToolChart.fromBytes(held);
    if (state.chart() == null) {
      if (b.windows() >= config.spcMinWindows()) {
        state =
            new ToolChart(
                state.baselineBuckets() + 1,
                state.anomalies() + b.anomalies(),
                state.windows() + b.windows(),
                null);
        if (state.baselineBuckets() >= config.spcBaselineBuckets()) {
          state =
              new ToolChart(
                  state.baselineBuckets(),
                  state.anomalies(),
                  state.windows(),
                  new ProportionChart(state.centre(), config.spcMinWindows()));
        }
      }
      charts.put(tool, state.toBytes());
      return;
    }
    ProportionChart.Point p = state.chart().add(b.anomalies(), b.windows());
    charts.put(tool, state.toBytes());
    metrics.spcPoint();
    for (Rule rule : p.fired()) {
      context.forward(
          new Record<>(
              tool, new AlertCandidate(alert(tool, point, p, rule, state), null), point.end()));
    }
  }

  private Alert alert(
      String tool, SpcPoint point, ProportionChart.Point p, Rule rule, ToolChart s) {
    int number = rule.ordinal() + 1;
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("rule", rule.description());
    evidence.put("anomalies", String.valueOf(p.anomalies()));
    evidence.put("windows", String.valueOf(p.n()));
    evidence.put("rate", String.format(Locale.ROOT, "%.4f", p.p()));
    evidence.put("centre", String.format(Locale.ROOT, "%.4f", s.chart().centre()));
    evidence.put("z", String.format(Locale.ROOT, "%.3f", p.z()));
    evidence.put("upper_control_limit", String.format(Locale.ROOT, "%.4f", p.upperLimit()));
    evidence.put("baseline_buckets", String.valueOf(s.baselineBuckets()));
    AnomalyBucket b = point.bucket();
    return Alert.newBuilder()
        .setAlertId(String.join("|", "spc_rule_" + number, b.model(), tool))
        .setSeverity(number == 1 ? Severity.CRITICAL : Severity.WARNING)
        .setCause("spc_rule_" + number)
        .setMessage(
            String.format(
                Locale.ROOT,
                "%s: anomaly rate %.3f (%d of %d windows) against a centre line of %.3f; Western"
                    + " Electric rule %d: %s",
                tool,
                p.p(),
                p.anomalies(),
                p.n(),
                s.chart().centre(),
                number,
                rule.description()))
        .setModel(b.model())
        .setModelVersion(b.version())
        .setTool(tool)
        .setMetric("anomaly_rate")
        .setValue(p.p())
        .setThreshold(p.upperLimit())
        .setWindowStart(Instant.ofEpochMilli(point.start()))
        .setWindowEnd(Instant.ofEpochMilli(point.end()))
        .setSampleSize(p.n())
        .setRaisedAt(Instant.ofEpochMilli(point.end()))
        .setEvidence(evidence)
        .build();
  }
}
