package io.fabstream.platform.kafka;

import io.fabstream.schemas.KafkaClientSecurity;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Consumer settings of every process that hands records on outside Kafka (a webhook, a database):
 * it reads committed records only, from the earliest offset its group has not committed, and
 * commits offsets itself once what it did with a poll is durable.
 */
public final class CommittedReads {

  private CommittedReads() {}

  /** {@code read_committed}, manual commits, earliest offset for a new group. */
  public static Properties consumerProperties(String bootstrapServers, String groupId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return KafkaClientSecurity.apply(props);
  }
}
