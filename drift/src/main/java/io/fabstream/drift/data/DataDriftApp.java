package io.fabstream.drift.data;

import io.fabstream.drift.DriftStreams;
import io.fabstream.drift.WallClockStamp;
import io.fabstream.drift.baseline.ModelBaselines;
import io.fabstream.schemas.DriftKind;
import io.fabstream.schemas.DriftReferenceSample;
import io.fabstream.schemas.DriftReport;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferMapProfile;
import io.fabstream.schemas.WaferPrediction;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Data and prediction drift, label-free, for both models:
 *
 * <ul>
 *   <li>the trace model: each chamber's step-aligned MTS windows (per-step sensor means, its
 *       inputs) and its trace predictions (fault probability and anomaly score, its outputs);
 *   <li>the wafer CNN: each inspection tool's wafer maps ({@link WaferMapProfile}: die yield, fail
 *       clustering, radial fail profile) and its wafer predictions (class mix, judged by
 *       chi-square, and confidence).
 * </ul>
 *
 * <p>Each scope is held against its model's saved reference (the sample published with the version
 * at training time) where the config asks for it and the version has one, otherwise against a
 * reference of its own first observations, and judged every window of observations with PSI and KS
 * or chi-square ({@link DataDriftCheck}). Reports go to {@link TopicCatalog#DRIFT_REPORTS} with
 * kind {@code DATA} or {@code PREDICTION}; the alerting app turns the drifted ones into alerts.
 * State per scope is bounded by the reference size and the bins. A map whose grid does not hold
 * rows x cols dies (the validation app dead-letters those upstream) is counted and left out.
 */
public final class DataDriftApp {

  /** Every catalog topic the app reads or writes. */
  public static final List<Topic<?, ?>> TOPICS =
      List.of(
          TopicCatalog.MTS_WINDOWS,
          TopicCatalog.TRACE_PREDICTIONS,
          TopicCatalog.WAFER_MAPS,
          TopicCatalog.WAFER_PREDICTIONS,
          TopicCatalog.DRIFT_REPORTS);

  /** The wafer CNN's predicted class, coded by its index in the prediction's class list. */
  public static final String CLASS_MIX = DriftReferenceSample.CLASS_MIX;

  /** Features judged as categories. */
  static final Set<String> CATEGORICAL = Set.of(CLASS_MIX);

  private DataDriftApp() {}

  /** The topology. */
  public static Topology buildTopology(
      DataDriftAppConfig config, ModelBaselines baselines, MeterRegistry meters) {
    Counter reports =
        Counter.builder("fabstream.drift.data.reports")
            .description("Data and prediction drift reports written")
            .register(meters);
    Counter drifted =
        Counter.builder("fabstream.drift.data.drifted")
            .description("Data and prediction drift reports that found drift")
            .register(meters);
    Counter unreadable =
        Counter.builder("fabstream.drift.data.unreadable.maps")
            .description("Wafer maps left out of data drift: grid size and die count disagree")
            .register(meters);
    StreamsBuilder builder = new StreamsBuilder();
    for (String store :
        List.of(DataDriftProcessor.DATA_STORE, DataDriftProcessor.PREDICTION_STORE)) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray()));
    }

    KStream<String, DriftObservation> inputs =
        builder.stream(
                TopicCatalog.MTS_WINDOWS.name(),
                DriftStreams.consumed(
                    TopicCatalog.MTS_WINDOWS, config.registryUrl(), "mts-windows"))
            .filter(
                (k, w) -> w != null && w.getMode() == WindowMode.STEP_ALIGNED,
                Named.as("step-windows"))
            .mapValues(w -> inputsOf(config.traceModel(), w), Named.as("sensor-means"));
    KStream<String, DriftObservation> mapInputs =
        builder.stream(
                TopicCatalog.WAFER_MAPS.name(),
                DriftStreams.consumed(TopicCatalog.WAFER_MAPS, config.registryUrl(), "wafer-maps"))
            .filter(
                (k, m) -> {
                  if (m == null) {
                    return false;
                  }
                  boolean readable = WaferMapProfile.fits(m);
                  if (!readable) {
                    unreadable.increment();
                  }
                  return readable;
                },
                Named.as("readable-maps"))
            .mapValues(m -> inputsOf(config.waferModel(), m), Named.as("map-profiles"));
    KStream<String, DriftObservation> outputs =
        builder.stream(
                TopicCatalog.TRACE_PREDICTIONS.name(),
                DriftStreams.consumed(
                    TopicCatalog.TRACE_PREDICTIONS, config.registryUrl(), "trace-predictions"))
            .filter(
                (k, p) -> p != null && !p.getShadow() && p.getRecipeStep() != null,
                Named.as("champion-step-predictions"))
            .mapValues(DataDriftApp::outputsOf, Named.as("scores"));
    KStream<String, DriftObservation> mapOutputs =
        builder.stream(
                TopicCatalog.WAFER_PREDICTIONS.name(),
                DriftStreams.consumed(
                    TopicCatalog.WAFER_PREDICTIONS, config.registryUrl(), "wafer-predictions"))
            .filter(
                (k, p) ->
                    p != null && !p.getShadow() && p.getClasses().contains(p.getPredictedClass()),
                Named.as("champion-wafer-predictions"))
            .mapValues(DataDriftApp::outputsOf, Named.as("class-mix"));

    Serde<DriftObservation> observationSerde = observationSerde();
    KStream<String, DriftReport> dataReports =
        byScope(
                inputs.merge(mapInputs, Named.as("all-inputs")),
                "inputs-by-chamber",
                observationSerde)
            .process(
                () -> new DataDriftProcessor(DriftKind.DATA, config, baselines, reports, drifted),
                Named.as("data-drift"),
                DataDriftProcessor.DATA_STORE);
    KStream<String, DriftReport> predictionReports =
        byScope(
                outputs.merge(mapOutputs, Named.as("all-outputs")),
                "outputs-by-chamber",
                observationSerde)
            .process(
                () ->
                    new DataDriftProcessor(
                        DriftKind.PREDICTION, config, baselines, reports, drifted),
                Named.as("prediction-drift"),
                DataDriftProcessor.PREDICTION_STORE);
    dataReports
        .merge(predictionReports, Named.as("reports"))
        .processValues(WallClockStamp::new, Named.as("stamp"))
        .to(
            TopicCatalog.DRIFT_REPORTS.name(),
            Produced.with(
                    Serdes.String(),
                    FabSerdes.valueSerde(TopicCatalog.DRIFT_REPORTS, config.registryUrl()))
                .withName("drift-reports"));
    return builder.build();
  }

  private static KStream<String, DriftObservation> byScope(
      KStream<String, DriftObservation> in, String name, Serde<DriftObservation> serde) {
    return in.selectKey((k, o) -> o.scopeKey(), Named.as(name + "-key"))
        .repartition(Repartitioned.with(Serdes.String(), serde).withName(name));
  }

  /** A step window's sensor means, as {@code "<step>/<sensor>"}. */
  static DriftObservation inputsOf(String model, MtsWindow w) {
    float[] values = WindowValues.read(w, null);
    List<String> sensors = w.getSensorNames();
    int s = sensors.size();
    int t = s == 0 ? 0 : values.length / s;
    Map<String, Double> means = new LinkedHashMap<>();
    for (int j = 0; j < s; j++) {
      double sum = 0;
      int n = 0;
      for (int i = 0; i < t; i++) {
        float v = values[i * s + j];
        if (Float.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      means.put(w.getRecipeStep() + "/" + sensors.get(j), n == 0 ? Double.NaN : sum / n);
    }
    return new DriftObservation(
        model, "inputs", w.getTool(), w.getChamber(), w.getWindowEnd().toEpochMilli(), means);
  }

  /** A wafer map's profile, filed under the inspection tool (maps have no chamber). */
  static DriftObservation inputsOf(String model, WaferMap m) {
    return new DriftObservation(
        model, "inputs", m.getTool(), "", m.getInspectedAt().toEpochMilli(), WaferMapProfile.of(m));
  }

  /** A wafer verdict's class (coded by its index) and its confidence. */
  static DriftObservation outputsOf(WaferPrediction p) {
    double confidence = 0;
    for (Float f : p.getProbabilities()) {
      confidence = Math.max(confidence, f);
    }
    Map<String, Double> scores =
        DriftReferenceSample.classifierOutput(
            p.getClasses().indexOf(p.getPredictedClass()), confidence);
    if (p.getAnomalyScore() != null) {
      scores.put("anomaly_score", p.getAnomalyScore());
    }
    return new DriftObservation(
        p.getModel(),
        p.getModelVersion(),
        p.getTool(),
        "",
        p.getInspectedAt().toEpochMilli(),
        scores);
  }

  /** A prediction's fault probability and anomaly score. */
  static DriftObservation outputsOf(TracePrediction p) {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("fault_probability", p.getFaultProbability());
    if (p.getAnomalyScore() != null) {
      scores.put("anomaly_score", p.getAnomalyScore());
    }
    return new DriftObservation(
        p.getModel(),
        p.getModelVersion(),
        p.getTool(),
        p.getChamber(),
        p.getWindowEnd().toEpochMilli(),
        scores);
  }

  /** Observations between the app's own subtopologies: a compact binary form. */
  static Serde<DriftObservation> observationSerde() {
    Serializer<DriftObservation> ser =
        (topic, o) -> {
          if (o == null) {
            return null;
          }
          java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
          try (java.io.DataOutputStream out = new java.io.DataOutputStream(buffer)) {
            out.writeUTF(o.model());
            out.writeUTF(o.version());
            out.writeUTF(o.tool());
            out.writeUTF(o.chamber());
            out.writeLong(o.eventTime());
            out.writeInt(o.features().size());
            for (Map.Entry<String, Double> e : o.features().entrySet()) {
              out.writeUTF(e.getKey());
              out.writeDouble(e.getValue() == null ? Double.NaN : e.getValue());
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return buffer.toByteArray();
        };
    Deserializer<DriftObservation> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try (java.io.DataInputStream in =
              new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            String model = in.readUTF();
            String version = in.readUTF();
            String tool = in.readUTF();
            String chamber = in.readUTF();
            long time = in.readLong();
            int n = in.readInt();
            Map<String, Double> f = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
              f.put(in.readUTF(), in.readDouble());
            }
            return new DriftObservation(model, version, tool, chamber, time, f);
          } catch (java.io.IOException e) {
            throw new org.apache.kafka.common.errors.SerializationException(
                "undecodable drift observation of "
                    + bytes.length
                    + " bytes: "
                    + new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.ISO_8859_1),
                e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }

  /** Streams settings: exactly-once v2, earliest offsets on first start. */
  public static Properties streamsConfig(
      String bootstrapServers, DataDriftAppConfig config, Path stateDir) {
    return DriftStreams.config(
        bootstrapServers,
        config.applicationId(),
        stateDir,
        config.streamThreads(),
        config.registryUrl());
  }
}
