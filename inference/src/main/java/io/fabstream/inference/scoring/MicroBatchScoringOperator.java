package io.fabstream.inference.scoring;

import io.fabstream.inference.registry.ModelIntegrityException;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.ModelControl;
import io.fabstream.schemas.Severity;
import io.fabstream.schemas.TopicCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores records in micro-batches with the model version in use, and switches versions while
 * running. Input 1 carries the records to score, input 2 (broadcast to every subtask) the {@link
 * ModelControl} records of promotions, rollbacks and shadow changes.
 *
 * <p>Batching: a batch is scored when it reaches {@link ScoringSettings#maxBatch()} records or its
 * oldest record has waited {@link ScoringSettings#maxWait()}; also before every watermark, before
 * every checkpoint barrier and at the end of input. So no record is ever held in state: a
 * checkpoint covers exactly the records whose predictions went out before it, which keeps
 * exactly-once with a transactional sink. Scoring runs on the task thread, so a slow model slows
 * the source (backpressure) instead of filling a queue; the buffer never exceeds one batch.
 *
 * <p>Switching: a control record first scores the pending batch with the current version, then
 * loads the new one (checksums verified). Every record is scored once, by the version in use when
 * it arrived. A version that fails to load is refused: scoring goes on with the current one and an
 * {@link Alert} goes out. The versions in use are operator state, so a restore from a checkpoint
 * resumes with them.
 *
 * <p>Side outputs: {@link #DEAD_LETTERS} for records that do not decode or that are malformed for
 * the model, {@link #ALERTS}, and the shadow tag for the challenger's predictions. Records outside
 * the model's scope (windows of sensors another model reads) are only counted ({@code outOfScope}):
 * they are well formed, still in their topic, and a scorer with the right model takes them.
 *
 * @param <I> decoded input
 * @param <O> prediction record
 */
public final class MicroBatchScoringOperator<I, O> extends AbstractStreamOperator<O>
    implements TwoInputStreamOperator<SourceRecord, SourceRecord, O>, ProcessingTimeCallback {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(MicroBatchScoringOperator.class);

  /** Records refused, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("scoring-dead-letters", TypeInformation.of(DeadLetter.class));

  /** Refused model versions. */
  public static final OutputTag<Alert> ALERTS =
      new OutputTag<>("scoring-alerts", TypeInformation.of(Alert.class));

  private final ScoringKind<I, O> kind;
  private final ScoringSettings settings;
  private final String registryUrl;
  private final String application;
  private final OutputTag<O> shadow;

  private transient ModelSlot<I, O> slot;
  private transient List<Pending<I>> buffer;
  private transient long deadline;
  private transient Deserializer<ModelControl> controlDecoder;
  private transient ListState<String> versionState;
  private transient int restoredChampion;
  private transient int restoredChallenger;
  private transient Counter predictions;
  private transient Counter shadowPredictions;
  private transient Counter deadLettered;
  private transient Counter outOfScope;
  private transient Counter refusedVersions;
  private transient Histogram batchSizes;
  private transient Histogram latencyMicros;

  /**
   * @param kind what is scored
   * @param settings model, engine and batching
   * @param registryUrl schema registry, to decode inputs and control records
   * @param application name on dead letters and alerts
   * @param shadow tag of the challenger's predictions
   */
  public MicroBatchScoringOperator(
      ScoringKind<I, O> kind,
      ScoringSettings settings,
      String registryUrl,
      String application,
      OutputTag<O> shadow) {
    this.kind = kind;
    this.settings = settings;
    this.registryUrl = registryUrl;
    this.application = application;
    this.shadow = shadow;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    versionState =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("model-versions", String.class));
    if (context.isRestored()) {
      for (String entry : versionState.get()) {
        String[] kv = entry.split("=", 2);
        if (kv[0].equals("champion") && restoredChampion == 0) {
          restoredChampion = Integer.parseInt(kv[1]);
        } else if (kv[0].equals("challenger") && restoredChallenger == 0) {
          restoredChallenger = Integer.parseInt(kv[1]);
        }
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    kind.open(registryUrl);
    controlDecoder = FabSerdes.valueDeserializer(TopicCatalog.MODEL_CONTROL, registryUrl);
    buffer = new ArrayList<>(settings.maxBatch());
    MetricGroup group = getMetricGroup().addGroup("scoring").addGroup("model", settings.model());
    predictions = group.counter("predictions");
    shadowPredictions = group.counter("shadowPredictions");
    deadLettered = group.counter("deadLettered");
    outOfScope = group.counter("outOfScope");
    refusedVersions = group.counter("refusedVersions");
    batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
    latencyMicros = group.histogram("latencyMicros", new DescriptiveStatisticsHistogram(1000));
    slot = new ModelSlot<>(kind, settings);
    group.gauge("championVersion", slot::championVersion);
    group.gauge("challengerVersion", slot::challengerVersion);
    int promoted = slot.promotedVersion();
    if (restoredChampion > 0 && restoredChampion != promoted) {
      try {
        slot.useChampion(restoredChampion);
      } catch (RuntimeException e) {
        refuse(restoredChampion, "restored champion", e);
      }
    }
    if (slot.champion() == null) {
      slot.useChampion(promoted); // without any usable version the job cannot score: fail
    }
    if (restoredChallenger > 0) {
      try {
        slot.useChallenger(restoredChallenger);
      } catch (RuntimeException e) {
        refuse(restoredChallenger, "restored challenger", e);
      }
    }
  }

  @Override
  public void processElement1(StreamRecord<SourceRecord> element) throws Exception {
    SourceRecord record = element.getValue();
    I value;
    try {
      value = kind.decode(record);
    } catch (RuntimeException e) {
      deadLetter(
          record,
          "UNDECODABLE",
          "value does not decode as a " + kind.name() + " record: " + e.getMessage());
      return;
    }
    buffer.add(new Pending<>(value, record, System.nanoTime()));
    if (buffer.size() >= settings.maxBatch() || settings.maxWait().isZero()) {
      flush();
    } else if (buffer.size() == 1) {
      long now = getProcessingTimeService().getCurrentProcessingTime();
      deadline = now + settings.maxWait().toMillis();
      getProcessingTimeService().registerTimer(deadline, this);
    }
  }

  @Override
  public void processElement2(StreamRecord<SourceRecord> element) throws Exception {
    SourceRecord record = element.getValue();
    ModelControl control;
    try {
      control = controlDecoder.deserialize(record.topic, record.value);
    } catch (RuntimeException e) {
      deadLetter(record, "UNDECODABLE", "not a ModelControl record: " + e.getMessage());
      return;
    }
    if (control == null || !control.getModel().equals(settings.model())) {
      return;
    }
    flush(); // what arrived before the change is scored by the version it arrived under
    int version = control.getVersion();
    try {
      switch (control.getAction()) {
        case PROMOTE, ROLLBACK -> {
          slot.checkIssued(version, control.getManifestSha256());
          slot.useChampion(version);
        }
        case SHADOW -> {
          slot.checkIssued(version, control.getManifestSha256());
          slot.useChallenger(version);
        }
        case SHADOW_OFF -> slot.useChallenger(0);
        default -> LOG.warn("ignoring model control {} for {}", control.getAction(), version);
      }
    } catch (RuntimeException e) {
      refuse(version, control.getAction().name().toLowerCase(Locale.ROOT), e);
    }
  }

  @Override
  public void onProcessingTime(long time) throws Exception {
    if (!buffer.isEmpty() && time >= deadline) {
      flush();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush(); // predictions keep their input's event time, so none may trail the watermark
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    versionState.update(
        List.of("champion=" + slot.championVersion(), "challenger=" + slot.challengerVersion()));
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    if (slot != null) {
      slot.close();
    }
    super.close();
  }

  /** Scores the pending batch with the champion (and the challenger, in shadow). */
  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    List<Pending<I>> batch = List.copyOf(buffer);
    buffer.clear();
    batchSizes.update(batch.size());
    List<Outcome<O>> outcomes = score(slot.champion(), batch, false);
    for (Outcome<O> o : outcomes) {
      Pending<I> item = batch.get(o.index());
      if (o.prediction() != null) {
        output.collect(new StreamRecord<>(o.prediction(), item.source().timestamp));
        predictions.inc();
        latencyMicros.update((System.nanoTime() - item.arrivalNanos()) / 1_000);
      } else if (o.reasonCode() == null) {
        outOfScope.inc();
        LOG.debug("{} not scored: {}", item.source(), o.reason());
      } else {
        deadLetter(item.source(), o.reasonCode(), o.reason());
      }
    }
    BatchScorer<I, O> challenger = slot.challenger();
    if (challenger != null) {
      try {
        for (Outcome<O> o : score(challenger, batch, true)) {
          if (o.prediction() != null) {
            output.collect(
                shadow,
                new StreamRecord<>(o.prediction(), batch.get(o.index()).source().timestamp));
            shadowPredictions.inc();
          }
        }
      } catch (RuntimeException e) {
        // the champion's verdicts are out; a failing challenger must not stop them
        LOG.error("challenger {} failed on a batch", challenger.runner().model().tag(), e);
      }
    }
  }

  /**
   * Outcomes of a batch, collected before any is emitted: when the model call fails, each record is
   * retried alone so one poisonous record becomes a dead letter instead of a restart loop.
   */
  private List<Outcome<O>> score(BatchScorer<I, O> scorer, List<Pending<I>> batch, boolean shadow) {
    try {
      return collect(scorer, batch, shadow, 0);
    } catch (RuntimeException batchFailure) {
      LOG.warn(
          "{} failed on a batch of {}; scoring its records one by one",
          scorer.runner().model().tag(),
          batch.size(),
          batchFailure);
      List<Outcome<O>> out = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        try {
          out.addAll(collect(scorer, List.of(batch.get(i)), shadow, i));
        } catch (RuntimeException e) {
          out.add(
              new Outcome<>(
                  i,
                  null,
                  "MODEL_ERROR",
                  scorer.runner().model().tag() + " failed on this record: " + e.getMessage()));
        }
      }
      return out;
    }
  }

  private List<Outcome<O>> collect(
      BatchScorer<I, O> scorer, List<Pending<I>> batch, boolean shadow, int offset) {
    List<Outcome<O>> out = new ArrayList<>(batch.size());
    scorer.score(
        batch,
        shadow,
        new Verdicts<>() {
          @Override
          public void prediction(int index, O prediction) {
            out.add(new Outcome<>(offset + index, prediction, null, null));
          }

          @Override
          public void unscorable(int index, String reasonCode, String reason) {
            out.add(new Outcome<>(offset + index, null, reasonCode, reason));
          }

          @Override
          public void outOfScope(int index, String reason) {
            out.add(new Outcome<>(offset + index, null, null, reason));
          }
        });
    return out;
  }

  private void deadLetter(SourceRecord record, String code, String reason) {
    deadLettered.inc();
    output.collect(
        DEAD_LETTERS,
        new StreamRecord<>(
            record.rejected(code, reason).toDeadLetter(application, Instant.now()),
            record.timestamp));
  }

  private void refuse(int version, String what, RuntimeException e) {
    refusedVersions.inc();
    boolean integrity = e instanceof ModelIntegrityException;
    LOG.error(
        "{} scorer refused {} {} v{}; still scoring with v{}: {}",
        kind.name(),
        what,
        settings.model(),
        version,
        slot.championVersion(),
        e.getMessage());
    if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
      return; // every subtask refuses alike; one alert is enough
    }
    Instant now = Instant.now();
    output.collect(
        ALERTS,
        new StreamRecord<>(
            Alert.newBuilder()
                .setAlertId(
                    (integrity ? "model_checksum:" : "model_load:")
                        + settings.model()
                        + ":v"
                        + version)
                .setSeverity(Severity.CRITICAL)
                .setCause(integrity ? "model_checksum" : "model_load")
                .setMessage(
                    "The "
                        + kind.name()
                        + " scorer refused "
                        + what
                        + " "
                        + settings.model()
                        + " v"
                        + version
                        + " and keeps scoring with v"
                        + slot.championVersion()
                        + ": "
                        + e.getMessage())
                .setModel(settings.model())
                .setModelVersion(String.valueOf(version))
                .setRaisedAt(now)
                .setEvidence(
                    Map.of(
                        "application",
                        application,
                        "in_use",
                        String.valueOf(slot.championVersion()),
                        "error",
                        e.getClass().getSimpleName()))
                .build(),
            now.toEpochMilli()));
  }

  private record Outcome<O>(int index, O prediction, String reasonCode, String reason) {}
}
