package io.fabstream.inference.scoring;

import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.ModelAction;
import io.fabstream.schemas.ModelControl;
import io.fabstream.schemas.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Tells running scorers about a registry change by writing a {@link ModelControl} record, with the
 * manifest hash the registry recorded, to the control topic. The registry file stays the source of
 * truth for scorers that start later; the record is how running ones learn of it.
 */
public final class ModelControlPublisher implements AutoCloseable {

  private final KafkaProducer<String, ModelControl> producer;
  private final String topic;

  public ModelControlPublisher(String bootstrap, String registryUrl, String topic) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    KafkaClientSecurity.apply(props);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    this.producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            FabSerdes.valueSerializer(TopicCatalog.MODEL_CONTROL, registryUrl));
    this.topic = topic;
  }

  /** A publisher to the catalog's control topic. */
  public static ModelControlPublisher catalog(String bootstrap, String registryUrl) {
    return new ModelControlPublisher(bootstrap, registryUrl, TopicCatalog.MODEL_CONTROL.name());
  }

  /** Publishes {@code action} for {@code model} v{@code version} as the registry now records it. */
  public ModelControl publish(
      ModelRegistry registry, String model, ModelAction action, int version, String issuedBy) {
    String manifest =
        action == ModelAction.SHADOW_OFF
            ? null
            : registry
                .index(model)
                .entry(version)
                .orElseThrow(
                    () -> new IllegalArgumentException(model + " has no version " + version))
                .manifestSha256();
    ModelControl control =
        ModelControl.newBuilder()
            .setModel(model)
            .setAction(action)
            .setVersion(version)
            .setManifestSha256(manifest)
            .setIssuedAt(Instant.now())
            .setIssuedBy(issuedBy)
            .build();
    try {
      producer.send(new ProducerRecord<>(topic, model, control)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + action, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot publish " + action + " of " + model + " v" + version + " to " + topic, e);
    }
    return control;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
