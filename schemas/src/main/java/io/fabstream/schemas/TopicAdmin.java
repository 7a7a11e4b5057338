package io.fabstream.schemas;

import java.time.Duration;
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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

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
        Admin.create(
            KafkaClientSecurity.apply(
                new java.util.HashMap<String, Object>(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))))) {
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
      awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not create topics on " + bootstrapServers + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * Waits until every partition of {@code names} has a leader. A topic is usable once created, but
   * its partitions get leaders a moment later; a producer that writes in that moment gets
   * NOT_LEADER errors, and an idempotent producer with several batches in flight has been seen to
   * spend minutes in OUT_OF_ORDER_SEQUENCE retries afterwards, delivering records out of their send
   * order, which an event-time job then rightly calls late.
   */
  public static void awaitLeaders(Admin admin, Collection<String> names, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean ready = true;
      try {
        for (TopicDescription d :
            admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
          for (TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
              ready = false;
            }
          }
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        ready = false; // not in this broker's metadata yet
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + names + " have no leader after " + timeout);
      }
      Thread.sleep(50);
    }
  }

  private static NewTopic newTopic(Topic<?, ?> topic, short replicationFactor) {
    Map<String, String> configs = new HashMap<>(topic.extraConfig());
    configs.put("cleanup.policy", topic.cleanupPolicy());
    return new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(configs);
  }
}
