package io.fabstream.features.mts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabstream.features.kafka.FlinkKafkaSettings;
import io.fabstream.features.runtime.JobEnvironment;
import io.fabstream.features.testing.KafkaTestTopics;
import io.fabstream.features.testing.KafkaTestTopics.Keyed;
import io.fabstream.ingest.replay.DatasetKind;
import io.fabstream.ingest.replay.DatasetReader;
import io.fabstream.ingest.replay.ReplayWafer;
import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.MtsWindow;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WindowMode;
import io.fabstream.schemas.WindowValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real fab data through the real path: the Olszewski wafer traces and the LAM 9600 etch runs are
 * replayed into Kafka and cut by the MTS job (bounded, so it ends when the replay is consumed). The
 * window counts and shapes are derived from the files independently of the job.
 */
@Tag("kafka")
class ReplayedDatasetsMtsITCase {

  private static final int T = 60;
  private static final int STRIDE = 10;

  @Test
  void olszewskiWaferTracesBecomeOneSlidingSequenceAndOneStepWindowPerWafer() throws Exception {
    Expected expected = replayAndCheck(DatasetKind.WAFER_TRACES, 6);
    assertThat(expected.wafers()).isEqualTo(298);
    assertThat(expected.lateSamples()).isZero();
    assertThat(expected.stepWindows()).isEqualTo(298); // one recipe step per run
  }

  @Test
  void lam9600EtchRunsBecomeWindowsPerWaferAndRecipeStep() throws Exception {
    Expected expected = replayAndCheck(DatasetKind.LAM9600, 19);
    assertThat(expected.wafers()).isEqualTo(129);
    assertThat(expected.stepWindows()).isGreaterThan(129);
    // The file lists a few experiment-29 wafers after experiment 33: a week behind the stream.
    assertThat(expected.lateSamples()).isPositive();
  }

  /** What the files say the job must emit. */
  private record Expected(
      int wafers, int samples, int slidingWindows, int stepWindows, int lateSamples) {}

  private Expected replayAndCheck(DatasetKind kind, int sensors) throws Exception {
    Path data = dataset(kind);
    List<Keyed<TraceSample>> records = new ArrayList<>();
    int wafers = 0;
    int sliding = 0;
    int steps = 0;
    int late = 0;
    long newest = Long.MIN_VALUE;
    long outOfOrderness = MtsWindowConfig.defaults().maxOutOfOrderness().toMillis();
    try (DatasetReader reader = kind.open(data)) {
      while (reader.hasNext()) {
        ReplayWafer wafer = reader.next();
        List<TraceSample> samples = wafer.samples();
        wafers++;
        for (TraceSample s : samples) {
          records.add(new Keyed<>(s.getTool() + "/" + s.getChamber(), s, null));
        }
        long first = samples.get(0).getEventTime().toEpochMilli();
        if (newest != Long.MIN_VALUE && first < newest - outOfOrderness) {
          late += samples.size(); // replayed in file order, behind the stream: late data
          continue;
        }
        newest = Math.max(newest, samples.get(samples.size() - 1).getEventTime().toEpochMilli());
        sliding += samples.size() < T ? 0 : (samples.size() - T) / STRIDE + 1;
        int run = 0;
        for (int i = 0; i < samples.size(); i++) {
          run++;
          boolean last =
              i == samples.size() - 1
                  || !Objects.equals(
                      samples.get(i + 1).getRecipeStep(), samples.get(i).getRecipeStep());
          if (last) {
            steps += run >= MtsWindowConfig.defaults().minStepSamples() ? 1 : 0;
            run = 0;
          }
        }
      }
    }
    Expected expected = new Expected(wafers, records.size(), sliding, steps, late);

    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    KafkaTestTopics topics =
        new KafkaTestTopics(bootstrap, registry, kind.name().toLowerCase().replace('_', '-'));
    topics.create(1, "samples", "windows", "late", "dead");
    topics.send(topics.name("samples"), records);

    MtsTopics names =
        new MtsTopics(
            topics.name("samples"),
            topics.name("windows"),
            topics.name("late"),
            topics.name("dead"));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            1, JobEnvironment.configuration(Duration.ofSeconds(1)));
    MtsWindowJob.kafka(
            FlinkKafkaSettings.of(bootstrap, registry, "it-replay-" + topics.name(""))
                .withBounded(true),
            MtsWindowConfig.defaults().withWindow(T, STRIDE),
            names)
        .build(env);
    env.execute("replay-" + kind);

    List<MtsWindow> windows =
        topics
            .readCommitted(
                names.windows(),
                topics.deserializer(MtsWindow.class),
                expected.slidingWindows() + expected.stepWindows(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(60))
            .stream()
            .map(ConsumerRecord::value)
            .toList();

    Map<WindowMode, Long> perMode =
        windows.stream().collect(Collectors.groupingBy(MtsWindow::getMode, Collectors.counting()));
    assertThat(perMode.get(WindowMode.SLIDING)).isEqualTo((long) expected.slidingWindows());
    assertThat(perMode.get(WindowMode.STEP_ALIGNED)).isEqualTo((long) expected.stepWindows());
    assertThat(windows.stream().map(MtsWindow::getWindowId).distinct().count())
        .isEqualTo(windows.size());
    assertThat(windows)
        .allSatisfy(
            w -> {
              assertThat(w.getLength()).isEqualTo(T);
              assertThat(w.getSensorNames()).hasSize(sensors);
              assertThat(WindowValues.asList(w)).hasSize(T * sensors).allMatch(Float::isFinite);
              assertThat(w.getFilledGaps()).isZero();
              assertThat(w.getWafers()).hasSize(1);
            });
    assertThat(
            topics.readCommitted(
                names.lateSamples(),
                topics.deserializer(TraceSample.class),
                expected.lateSamples(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30)))
        .hasSize(expected.lateSamples());
    return expected;
  }

  private static Path dataset(DatasetKind kind) {
    Path path =
        kind.defaultPath(Path.of(System.getProperty("fabstream.shared.data", "../../shared/data")));
    assumeTrue(Files.exists(path), "needs ../shared/data (CI has it)");
    return path;
  }
}
