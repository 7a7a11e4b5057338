package io.fabstream.drift.join;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelSource;
import io.fabstream.schemas.LabelledPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins verdicts with the labels that come minutes to weeks later, per subject.
 *
 * <p>A verdict waits in {@link #VERDICTS} until its label comes or the longest join window has
 * passed (then it is dropped and counted as never labelled). A label that comes first (the scorer
 * was behind) waits in {@link #LABELS} for {@link JoinConfig#labelWait()}. A label later than its
 * source's window after its subject is emitted as late, whole, and never joined. Time is the data's
 * own: the latest subject or label time seen, kept in {@link #CLOCK}, so a replay of last year's
 * data expires state as the live stream would.
 *
 * <p>Wafer-trace verdicts arrive once per step window; they are merged into one verdict per wafer
 * until the wafer's label comes.
 */
final class GroundTruthJoinProcessor implements Processor<String, JoinInput, String, JoinOutput> {

  /** Verdicts waiting for their label, by {@link Verdict#key()}. */
  static final String VERDICTS = "join-verdicts";

  /** Labels waiting for their verdict, by {@link Verdict#key(String, String)}. */
  static final String LABELS = "join-labels";

  /** The data's clock: the latest event time seen (epoch millis) under {@link #CLOCK_KEY}. */
  static final String CLOCK = "join-clock";

  static final String CLOCK_KEY = "clock";

  /** How often waiting state is scanned for expiry (wall clock). */
  static final Duration SCAN_INTERVAL = Duration.ofSeconds(5);

  static final String LATE = "after its source's join window";
  static final String NO_VERDICT = "no verdict for its subject within the label wait";

  private final JoinConfig config;
  private final JoinMetrics metrics;
  private ProcessorContext<String, JoinOutput> context;
  private KeyValueStore<String, byte[]> verdicts;
  private KeyValueStore<String, byte[]> labels;
  private KeyValueStore<String, Long> clock;

  GroundTruthJoinProcessor(JoinConfig config, JoinMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, JoinOutput> context) {
    this.context = context;
    this.verdicts = context.getStateStore(VERDICTS);
    this.labels = context.getStateStore(LABELS);
    this.clock = context.getStateStore(CLOCK);
    context.schedule(SCAN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> expire());
  }

  @Override
  public void process(Record<String, JoinInput> record) {
    JoinInput in = record.value();
    if (in == null) {
      return;
    }
    if (in.verdict() != null) {
      onVerdict(in.verdict());
    } else {
      onLabel(in.label());
    }
  }

  private void onVerdict(Verdict v) {
    advance(v.subjectTime());
    String key = v.key();
    byte[] waiting = labels.get(key);
    if (waiting != null) {
      labels.delete(key);
      emit(v, LabelCodec.fromBytes(waiting));
      return;
    }
    byte[] held = verdicts.get(key);
    Verdict kept =
        held != null && v.kind().equals(SubjectKinds.WAFER_TRACE)
            ? Verdict.fromBytes(held).merge(v)
            : v; // a re-inspected map: the latest verdict stands
    verdicts.put(key, kept.toBytes());
    metrics.verdictHeld();
  }

  private void onLabel(GroundTruth label) {
    advance(label.getObservedAt().toEpochMilli());
    String kind = label.getSubjectKind().name();
    String key = Verdict.key(kind, label.getSubjectId());
    byte[] held = verdicts.get(key);
    if (held == null) {
      labels.put(key, LabelCodec.toBytes(label));
      metrics.labelWaiting();
      return;
    }
    verdicts.delete(key);
    emit(Verdict.fromBytes(held), label);
  }

  private void emit(Verdict v, GroundTruth label) {
    long labelledAt = label.getObservedAt().toEpochMilli();
    long subjectTime =
        label.getSubjectTime() != null ? label.getSubjectTime().toEpochMilli() : v.subjectTime();
    long delay = labelledAt - subjectTime;
    if (delay > config.window(label.getLabelSource()).toMillis()) {
      late(label, LATE, labelledAt);
      return;
    }
    LabelledPrediction out =
        LabelledPrediction.newBuilder()
            .setSubjectId(v.subjectId())
            .setSubjectKind(v.kind())
            .setModel(v.model())
            .setModelVersion(v.modelVersion())
            .setTool(v.tool() != null ? v.tool() : label.getTool())
            .setChamber(v.chamber() != null ? v.chamber() : label.getChamber())
            .setProduct(v.product())
            .setPredictedClass(v.predictedClass())
            .setActualClass(SubjectKinds.modelClass(v.kind(), label.getLabel()))
            .setConfidence(v.confidence())
            .setFaultProbability(Double.isNaN(v.faultProbability()) ? null : v.faultProbability())
            .setAnomalyScore(Double.isNaN(v.anomalyScore()) ? null : v.anomalyScore())
            .setWindows(v.windows())
            .setLabelSource(
                (label.getLabelSource() == null ? LabelSource.OTHER : label.getLabelSource())
                    .name())
            .setSubjectTime(Instant.ofEpochMilli(subjectTime))
            .setLabelledAt(label.getObservedAt())
            .setLabelDelayMillis(delay)
            .setLate(false)
            .build();
    metrics.joined(v.kind(), delay);
    context.forward(new Record<>(v.subjectId(), new JoinOutput(out, null, null), labelledAt));
  }

  private void late(GroundTruth label, String reason, long timestamp) {
    metrics.late(LATE.equals(reason));
    context.forward(
        new Record<>(label.getSubjectId(), new JoinOutput(null, label, reason), timestamp));
  }

  private void advance(long eventTime) {
    Long now = clock.get(CLOCK_KEY);
    if (now == null || eventTime > now) {
      clock.put(CLOCK_KEY, eventTime);
    }
  }

  /** Drops verdicts older than the longest window and sends labels that waited too long on. */
  void expire() {
    Long now = clock.get(CLOCK_KEY);
    if (now == null) {
      return;
    }
    long verdictHorizon = now - config.retention().toMillis();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = verdicts.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> e = it.next();
        if (Verdict.fromBytes(e.value).subjectTime() < verdictHorizon) {
          expired.add(e.key);
        }
      }
    }
    expired.forEach(verdicts::delete);
    metrics.unlabelled(expired.size());
    long labelHorizon = now - config.labelWait().toMillis();
    List<KeyValue<String, GroundTruth>> unmatched = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = labels.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> e = it.next();
        GroundTruth label = LabelCodec.fromBytes(e.value);
        if (label.getObservedAt().toEpochMilli() < labelHorizon) {
          unmatched.add(KeyValue.pair(e.key, label));
        }
      }
    }
    for (KeyValue<String, GroundTruth> e : unmatched) {
      labels.delete(e.key);
      late(e.value, NO_VERDICT, e.value.getObservedAt().toEpochMilli());
    }
    metrics.held(verdicts.approximateNumEntries(), labels.approximateNumEntries());
  }
}
