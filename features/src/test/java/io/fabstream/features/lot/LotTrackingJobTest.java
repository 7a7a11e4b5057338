package io.fabstream.features.lot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.features.kafka.RejectedRecord;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.LotFeatures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole job graph on a MiniCluster with bounded in-memory sources: union, rejected-record
 * routing, keying by lot and the Avro outputs, without Kafka.
 */
class LotTrackingJobTest {

  @Test
  void reportsEveryLotAndStepAndSendsRejectedRecordsToDeadLetters() throws Exception {
    List<SimulatedLot> lots = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      lots.add(new SimulatedLot("L-JOB-" + i, i, LotInputs.minute(i * 7)));
    }
    List<LotInput> maps = new ArrayList<>();
    List<LotInput> events = new ArrayList<>();
    List<LotInput> windows = new ArrayList<>();
    for (SimulatedLot lot : lots) {
      lot.waferMaps().forEach(m -> maps.add(LotInput.of(m)));
      lot.lotEvents().forEach(e -> events.add(LotInput.of(e)));
      lot.windows().forEach(w -> windows.add(LotInput.of(w)));
    }
    // Arrival order must not matter.
    Collections.reverse(maps);
    Collections.reverse(windows);
    maps.add(rejected("fab.wafer-maps", "UNDECODABLE"));
    windows.add(rejected("fab.mts-windows", "NO_LOT"));

    String run = UUID.randomUUID().toString();
    CollectingSink<LotFeatures> features = new CollectingSink<>("features-" + run);
    CollectingSink<DeadLetter> deadLetters = new CollectingSink<>("dead-letters-" + run);
    LotTrackingJob job =
        new LotTrackingJob(
            LotTrackingConfig.defaults(),
            source(maps),
            source(events),
            source(windows),
            features,
            deadLetters);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
    job.build(env);
    JobClient client = env.executeAsync("lot-tracking-job-test");
    client.getJobExecutionResult().get(60, TimeUnit.SECONDS);

    Map<String, LotFeatures> byKey =
        features.received().stream()
            .collect(Collectors.toMap(LotTrackingJob::featuresKey, Function.identity()));
    assertThat(features.received()).hasSize(lots.size() * 3);
    for (SimulatedLot lot : lots) {
      lot.assertLotLevel(byKey.get(lot.lot));
      lot.assertEtch(byKey.get(lot.lot + "/ETCH"));
      lot.assertInspect(byKey.get(lot.lot + "/INSPECT"));
    }
    assertThat(deadLetters.received())
        .extracting(DeadLetter::getReasonCode)
        .containsExactlyInAnyOrder("UNDECODABLE", "NO_LOT");
    assertThat(deadLetters.received())
        .allSatisfy(d -> assertThat(d.getApplication()).isEqualTo(LotTrackingJob.APPLICATION));
  }

  @Test
  void mainNamesTheMissingOption() {
    assertThatThrownBy(() -> LotTrackingJob.main(new String[] {"--registry", "http://r:8081"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bootstrap");
  }

  private static DataGeneratorSource<LotInput> source(List<LotInput> inputs) {
    return new DataGeneratorSource<>(
        new FromElementsGeneratorFunction<>(
            LotTrackingTypes.INPUT, inputs.toArray(new LotInput[0])),
        inputs.size(),
        LotTrackingTypes.INPUT);
  }

  private static LotInput rejected(String topic, String reasonCode) {
    return LotInput.rejected(
        RejectedRecord.of(
            new ConsumerRecord<>(
                topic,
                0,
                7L,
                "k".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8)),
            reasonCode,
            "test"));
  }
}
