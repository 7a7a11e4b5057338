package io.fabstream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerITCase {

  @Test
  void startsARealKraftBrokerThatCommitsTransactionsAndSurvivesARestart(@TempDir Path dir)
      throws Exception {
    String topic = "t-" + UUID.randomUUID();
    int port;
    try (LocalKafkaBroker broker =
        LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dir))) {
      assertThat(broker.startTime()).isLessThan(Duration.ofSeconds(90));
      port = Integer.parseInt(broker.bootstrapServers().split(":")[1]);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      }
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + topic);
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        producer.commitTransaction();
      }
    }
    // Same data directory and port: the committed records are still there.
    try (LocalKafkaBroker broker =
        LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults(dir).withPort(port))) {
      assertThat(countCommitted(broker.bootstrapServers(), topic)).isEqualTo(10);
    }
  }

  private static int countCommitted(String bootstrap, String topic) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int n = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (n < 10 && System.currentTimeMillis() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        n += records.count();
      }
    }
    return n;
  }
}
