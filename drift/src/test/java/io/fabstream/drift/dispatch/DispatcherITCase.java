package io.fabstream.drift.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabstream.platform.kafka.KafkaClusters;
import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.Alert;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.RetrainRequest;
import io.fabstream.schemas.Severity;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts and retraining requests from the real broker to real HTTP endpoints through an outage and
 * a dispatcher restart: every alert reaches every webhook once, every request starts one Airflow
 * DAG run and one Kubeflow run.
 */
@Tag("kafka")
class DispatcherITCase {

  private static final String SECRET = "s3cret-for-tests";

  @Test
  void everyAlertAndRequestArrivesExactlyOnceThroughAnOutageAndARestart(@TempDir Path dir)
      throws Exception {
    String bootstrap = KafkaClusters.shared().bootstrapServers();
    String registry = EmbeddedSchemaRegistry.shared().url();
    TopicAdmin.ensureTopics(bootstrap, List.of(TopicCatalog.ALERTS, TopicCatalog.RETRAIN_REQUESTS));
    String run = UUID.randomUUID().toString().substring(0, 8);

    try (FabEndpoints endpoints = new FabEndpoints()) {
      List<Endpoint> targets =
          List.of(
              Endpoint.webhook(
                      "hook", Endpoint.Kind.WEBHOOK, endpoints.url("/hook"), Severity.WARNING)
                  .withSecretEnv("HOOK_SECRET"),
              Endpoint.webhook(
                  "slack", Endpoint.Kind.SLACK, endpoints.url("/hook"), Severity.CRITICAL),
              Endpoint.airflow("airflow", endpoints.url("/"), "retrain_" + run),
              Endpoint.kubeflow("kfp", endpoints.url("/"), "pipeline-" + run, null));
      Dispatcher.Settings settings =
          new Dispatcher.Settings(
              bootstrap,
              registry,
              "dispatch-it-" + run,
              targets,
              dir.resolve("outbox.jsonl"),
              Duration.ofMillis(100),
              Duration.ofMillis(400),
              Duration.ofSeconds(5));
      Function<String, String> env = Map.of("HOOK_SECRET", SECRET)::get;

      endpoints.down.set(true); // the outage starts before anything is sent
      List<Alert> alerts = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        alerts.add(alert(run, i, i % 2 == 0 ? Severity.CRITICAL : Severity.WARNING));
      }
      List<RetrainRequest> requests =
          List.of(request(run, 0, "airflow"), request(run, 1, "kubeflow"), request(run, 2, null));
      produce(bootstrap, registry, alerts, requests);
      // a record read twice (a producer retry, a replayed topic): still one delivery each
      produce(bootstrap, registry, alerts.subList(0, 2), requests.subList(0, 1));

      // 6 alerts to the generic hook, 3 critical ones to Slack; request 0 to Airflow, 1 to
      // Kubeflow, 2 (no target) to both
      int expected = 6 + 3 + 2 + 2;
      Dispatcher first = Dispatcher.start(settings, new SimpleMeterRegistry(), env);
      await().atMost(Duration.ofSeconds(60)).until(() -> first.pendingCount() >= expected);
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoints.refused.get() >= expected);
      first.close(); // the dispatcher goes down too, with everything still pending

      Dispatcher second = Dispatcher.start(settings, new SimpleMeterRegistry(), env);
      Thread.sleep(500); // the new one retries against the outage as well
      endpoints.down.set(false);
      await().atMost(Duration.ofSeconds(60)).until(() -> second.pendingCount() == 0);
      Thread.sleep(500); // anything sent twice would arrive now
      second.close();

      Map<String, Long> hookIds =
          endpoints.webhookDeliveryIds.stream()
              .filter(id -> id.contains(run))
              .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
      assertThat(hookIds).hasSize(9).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
      assertThat(hookIds.keySet().stream().filter(id -> id.endsWith("@slack"))).hasSize(3);
      assertThat(endpoints.dagRuns.keySet().stream().filter(id -> id.contains(run)))
          .containsExactlyInAnyOrder(
              requests.get(0).getRequestId(), requests.get(2).getRequestId());
      assertThat(endpoints.dagRunConflicts.get()).isZero();
      assertThat(endpoints.kubeflowRuns.keySet().stream().filter(id -> id.contains(run)))
          .containsExactlyInAnyOrder(
              requests.get(1).getRequestId(), requests.get(2).getRequestId());
      assertThat(endpoints.kubeflowCreates.get()).isEqualTo(endpoints.kubeflowRuns.size());

      var dag = endpoints.dagRuns.get(requests.get(0).getRequestId());
      assertThat(dag.path("conf").path("model").asText()).isEqualTo("wafer-cnn");
      assertThat(dag.path("conf").path("data_from").asText()).isEqualTo("2026-11-16T09:00:00Z");
      var generic =
          endpoints.webhook.stream().filter(n -> n.has("alert_id")).findFirst().orElseThrow();
      assertThat(generic.path("cause").asText()).isEqualTo("performance_drift");
      // signed bodies: HMAC-SHA256 of the body with the hook's secret
      assertThat(endpoints.signatures).anySatisfy(s -> assertThat(s).startsWith("sha256="));
      var slack = endpoints.webhook.stream().filter(n -> n.has("blocks")).findFirst().orElseThrow();
      assertThat(slack.path("text").asText()).contains("CRITICAL");
    }
  }

  private static Alert alert(String run, int i, Severity severity) {
    Instant at = Instant.parse("2026-11-30T09:00:00Z").plusSeconds(i);
    return Alert.newBuilder()
        .setAlertId("performance_drift|wafer-cnn|2|tool=PROBE0" + i + "|accuracy|" + run)
        .setSeverity(severity)
        .setCause("performance_drift")
        .setMessage("wafer-cnn v2 accuracy 0.70 on PROBE0" + i)
        .setModel("wafer-cnn")
        .setModelVersion("2")
        .setTool("PROBE0" + i)
        .setMetric("accuracy")
        .setValue(0.7)
        .setThreshold(0.9451)
        .setRaisedAt(at)
        .setEvidence(Map.of("upper", "0.781"))
        .build();
  }

  private static RetrainRequest request(String run, int i, String orchestrator) {
    Instant to = Instant.parse("2026-11-30T09:00:00Z");
    return RetrainRequest.newBuilder()
        .setRequestId("retrain:wafer-cnn:v2:accuracy:all:" + run + ":" + i)
        .setModel("wafer-cnn")
        .setModelVersion("2")
        .setReason("accuracy 0.70 below 0.9451")
        .setAlertIds(List.of("performance_drift|wafer-cnn|2||accuracy"))
        .setDataFrom(to.minus(Duration.ofDays(14)))
        .setDataTo(to)
        .setOrchestrator(orchestrator)
        .setParameters(Map.of("metric", "accuracy"))
        .setRequestedAt(to)
        .build();
  }

  private static void produce(
      String bootstrap, String registry, List<Alert> alerts, List<RetrainRequest> requests) {
    var serializer = FabSerdes.<SpecificRecord>avroSerializer(registry);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (Alert a : alerts) {
        String topic = TopicCatalog.ALERTS.name();
        p.send(new ProducerRecord<>(topic, a.getAlertId(), serializer.serialize(topic, a)));
      }
      for (RetrainRequest r : requests) {
        String topic = TopicCatalog.RETRAIN_REQUESTS.name();
        p.send(new ProducerRecord<>(topic, r.getModel(), serializer.serialize(topic, r)));
      }
      p.flush();
    }
  }
}
