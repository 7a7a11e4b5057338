package io.fabstream.schemas;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates catalog topics with their partitions, cleanup policy and configs. Idempotent, so every
 * app can call it at start-up instead of relying on broker auto-creation (which the local broker
 * disables so a misspelt topic fails loudly).
 */
public final class TopicAdmin {

  private TopicAdmin() {}

  /** Creates whichever of {@code topics} do not exist yet; replication factor 1 unless given. */
  public static void ensureTopics(String bootstrapServers, Collection<Topic<?, ?>> topics) {
    ensureTopics(bootstrapServers, topics, (short) 1);
  }

  /** Creates whichever of {@code topics} do not exist yet. */
  public static void ensureTopics(
      String bootstrapServers, Collection<Topic<?, ?>> topics, short replicationFactor) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(t -> !existing.contains(t.name()))
              .map(t -> newTopic(t, replicationFactor))
              .toList();
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not create topics on " + bootstrapServers + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static NewTopic newTopic(Topic<?, ?> topic, short replicationFactor) {
    Map<String, String> configs = new HashMap<>(topic.extraConfig());
    configs.put("cleanup.policy", topic.cleanupPolicy());
    return new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(configs);
  }
}
