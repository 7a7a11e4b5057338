package io.fabstream.drift.performance;

import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.schemas.DriftReport;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** One closed window of one scope into its reports, with the scope's reference book. */
final class ReportProcessor
    implements Processor<Windowed<String>, PerformanceTally, String, DriftReport> {

  private final String kind;
  private final PerformanceReports make;
  private final ModelBaselines baselines;
  private final PerformanceConfig config;
  private final Counter reports;
  private final Counter drifted;
  private ProcessorContext<String, DriftReport> context;
  private KeyValueStore<String, byte[]> references;

  ReportProcessor(
      String kind,
      PerformanceReports make,
      ModelBaselines baselines,
      PerformanceConfig config,
      Counter reports,
      Counter drifted) {
    this.kind = kind;
    this.make = make;
    this.baselines = baselines;
    this.config = config;
    this.reports = reports;
    this.drifted = drifted;
  }

  @Override
  public void init(ProcessorContext<String, DriftReport> context) {
    this.context = context;
    this.references = context.getStateStore(ReferenceBook.STORE);
  }

  @Override
  public void process(Record<Windowed<String>, PerformanceTally> record) {
    Windowed<String> w = record.key();
    Scope scope = Scope.ofKey(w.key());
    for (DriftReport r :
        make.of(
            scope,
            kind,
            w.window().startTime(),
            w.window().endTime(),
            record.value(),
            baselines.of(scope.model(), scope.version()),
            new ReferenceBook(references, config.referenceWindows(), w.key()))) {
      reports.increment();
      if (r.getDrifted()) {
        drifted.increment();
      }
      context.forward(new Record<>(scope.model(), r, record.timestamp()));
    }
  }
}
