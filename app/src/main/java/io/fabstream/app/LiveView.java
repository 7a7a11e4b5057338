package io.fabstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.TopicCatalog;
import io.fabstream.schemas.TracePrediction;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import io.fabstream.schemas.WaferPrediction;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the embedded run's live page shows, read from the committed topics: the latest wafer maps
 * with their predicted pattern, one etch chamber's recent sensor samples with the scores of its
 * windows, and the drift state. Bounded: a fixed number of wafers, samples and scores is kept.
 */
final class LiveView extends CommittedOutputs {

  /** Wafers on the page. */
  static final int WAFERS = 12;

  /** Samples of the chamber kept per sensor. */
  static final int SAMPLES = 600;

  /** Window scores kept. */
  static final int SCORES = 120;

  /** Sensors drawn. */
  static final int SENSORS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private String tool;
  private String chamber;
  private final Supplier<List<String>> drift;
  private final Deserializer<WaferMap> maps;
  private final Deserializer<WaferPrediction> predictions;
  private final Deserializer<TraceSample> samples;
  private final Deserializer<TracePrediction> scores;
  private final LinkedHashMap<String, WaferMap> latestMaps = new LinkedHashMap<>();
  private final Map<String, WaferPrediction> verdicts = new HashMap<>();
  private final Deque<TraceSample> chamberSamples = new ArrayDeque<>();
  private final Deque<TracePrediction> chamberScores = new ArrayDeque<>();

  /**
   * @param tool and {@code chamber}: whose traces the page draws (null: the first chamber seen)
   * @param drift the drift state's lines (the run's drift summary)
   */
  LiveView(
      String bootstrap,
      String registryUrl,
      String tool,
      String chamber,
      Supplier<List<String>> drift) {
    super(
        bootstrap,
        List.of(
            TopicCatalog.WAFER_MAPS.name(),
            TopicCatalog.WAFER_PREDICTIONS.name(),
            TopicCatalog.TRACE_SAMPLES.name(),
            TopicCatalog.TRACE_PREDICTIONS.name()),
        "live-view");
    this.tool = tool;
    this.chamber = chamber;
    this.drift = drift;
    maps = FabSerdes.valueDeserializer(TopicCatalog.WAFER_MAPS, registryUrl);
    predictions = FabSerdes.valueDeserializer(TopicCatalog.WAFER_PREDICTIONS, registryUrl);
    samples = FabSerdes.valueDeserializer(TopicCatalog.TRACE_SAMPLES, registryUrl);
    scores = FabSerdes.valueDeserializer(TopicCatalog.TRACE_PREDICTIONS, registryUrl);
    start();
  }

  @Override
  synchronized void count(ConsumerRecord<byte[], byte[]> r) {
    String topic = r.topic();
    if (topic.equals(TopicCatalog.WAFER_MAPS.name())) {
      WaferMap m = maps.deserialize(topic, r.value());
      latestMaps.remove(m.getWaferId());
      latestMaps.put(m.getWaferId(), m);
      if (latestMaps.size() > WAFERS * 4) {
        Iterator<String> oldest = latestMaps.keySet().iterator();
        verdicts.remove(oldest.next());
        oldest.remove();
      }
    } else if (topic.equals(TopicCatalog.WAFER_PREDICTIONS.name())) {
      WaferPrediction p = predictions.deserialize(topic, r.value());
      if (latestMaps.containsKey(p.getWaferId())) {
        verdicts.put(p.getWaferId(), p);
      }
    } else if (topic.equals(TopicCatalog.TRACE_SAMPLES.name())) {
      // samples are keyed tool/chamber: other chambers' are skipped undecoded (most of the stream)
      if (tool != null
          && r.key() != null
          && !new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)
              .equals(tool + "/" + chamber)) {
        return;
      }
      TraceSample s = samples.deserialize(topic, r.value());
      if (tool == null) {
        tool = s.getTool();
        chamber = s.getChamber();
      }
      if (s.getTool().equals(tool) && s.getChamber().equals(chamber)) {
        chamberSamples.addLast(s);
        if (chamberSamples.size() > SAMPLES) {
          chamberSamples.removeFirst();
        }
      }
    } else {
      TracePrediction p = scores.deserialize(topic, r.value());
      if (p.getTool().equals(tool) && p.getChamber().equals(chamber)) {
        chamberScores.addLast(p);
        if (chamberScores.size() > SCORES) {
          chamberScores.removeFirst();
        }
      }
    }
  }

  /** The page's data as JSON: {@code wafers}, {@code chamber}, {@code drift}. */
  synchronized String json() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode wafers = root.putArray("wafers");
    // the newest wafers the CNN has scored, topped up with the newest still being scored: the
    // scorer commits on checkpoints, so the very latest maps are always a moment ahead of it
    List<WaferMap> newest = new java.util.ArrayList<>(latestMaps.values());
    java.util.Collections.reverse(newest);
    List<WaferMap> shown = new java.util.ArrayList<>();
    newest.stream()
        .filter(m -> verdicts.containsKey(m.getWaferId()))
        .limit(WAFERS)
        .forEach(shown::add);
    newest.stream()
        .filter(m -> !verdicts.containsKey(m.getWaferId()))
        .limit(WAFERS - shown.size())
        .forEach(shown::add);
    shown.sort(java.util.Comparator.comparing(WaferMap::getInspectedAt).reversed());
    for (WaferMap m : shown) {
      ObjectNode w = wafers.addObject();
      w.put("waferId", m.getWaferId());
      w.put("lot", m.getLot());
      w.put("tool", m.getTool());
      w.put("inspectedAt", m.getInspectedAt().toString());
      w.put("rows", m.getRows());
      w.put("cols", m.getCols());
      StringBuilder dies = new StringBuilder(m.getRows() * m.getCols());
      ByteBuffer grid = m.getDies().duplicate();
      while (grid.hasRemaining()) {
        dies.append((char) ('0' + grid.get()));
      }
      w.put("dies", dies.toString());
      WaferPrediction p = verdicts.get(m.getWaferId());
      if (p != null) {
        w.put("predictedClass", p.getPredictedClass());
        float best = 0;
        for (float f : p.getProbabilities()) {
          best = Math.max(best, f);
        }
        w.put("confidence", best);
        w.put("model", p.getModel() + " v" + p.getModelVersion());
      }
    }
    ObjectNode c = root.putObject("chamber");
    c.put("tool", tool);
    c.put("chamber", chamber);
    ArrayNode sensors = c.putArray("sensors");
    ArrayNode points = c.putArray("samples");
    TraceSample first = chamberSamples.peekFirst();
    int n = first == null ? 0 : Math.min(SENSORS, first.getSensorNames().size());
    for (int i = 0; i < n; i++) {
      sensors.add(first.getSensorNames().get(i));
    }
    for (TraceSample s : chamberSamples) {
      ArrayNode row = points.addArray();
      row.add(s.getEventTime().toEpochMilli());
      for (int i = 0; i < n && i < s.getSensorValues().size(); i++) {
        row.add(s.getSensorValues().get(i));
      }
    }
    ArrayNode windowScores = c.putArray("scores");
    for (TracePrediction p : chamberScores) {
      ObjectNode o = windowScores.addObject();
      o.put("windowEnd", p.getWindowEnd().toEpochMilli());
      o.put("faultProbability", p.getFaultProbability());
      if (p.getAnomalyScore() != null) {
        o.put("anomalyScore", p.getAnomalyScore());
      }
      o.put("predictedClass", p.getPredictedClass());
    }
    ArrayNode driftLines = root.putArray("drift");
    drift.get().forEach(driftLines::add);
    return root.toString();
  }
}
