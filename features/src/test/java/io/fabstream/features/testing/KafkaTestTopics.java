package io.fabstream.features.testing;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Per-test topics on the real broker: created with a unique prefix so tests in one JVM never see
 * each other's records, filled through the registry serde, and read back as a consumer with {@code
 * read_committed} sees them.
 */
public final class KafkaTestTopics {

  private final String bootstrap;
  private final String registryUrl;
  private final String prefix;

  public KafkaTestTopics(String bootstrap, String registryUrl, String testName) {
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
    this.prefix = "it." + testName + "." + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  /** The unique name for {@code suffix}. */
  public String name(String suffix) {
    return prefix + suffix;
  }

  /** Creates {@code suffix} topics with {@code partitions} each, returning their names. */
  public List<String> create(int partitions, String... suffixes) {
    List<NewTopic> topics = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String s : suffixes) {
      names.add(name(s));
      topics.add(new NewTopic(name(s), partitions, (short) 1));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(KafkaClientSecurity.apply(props))) {
      admin.createTopics(topics).all().get();
      TopicAdmin.awaitLeaders(admin, names, java.time.Duration.ofSeconds(30));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("topics " + names + " got no leaders", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + names, e);
    }
    return names;
  }

  /**
   * A keyed record to send. {@code time} is its event time, for ordering test data; the Kafka
   * timestamp is the broker's clock, as with any live producer, so topic retention never deletes
   * historic test data mid-test.
   */
  public record Keyed<V>(String key, V value, Instant time, Integer partition) {
    public Keyed(String key, V value, Instant time) {
      this(key, value, time, null);
    }
  }

  /** Sends values through the registry serializer, as validation would have written them. */
  public <V extends SpecificRecord> void send(String topic, List<Keyed<V>> records) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // test data is ordered by event time: one batch in flight keeps it in order through retries
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    Serializer<V> serializer = FabSerdes.avroSerializer(registryUrl);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            KafkaClientSecurity.apply(props),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (Keyed<V> r : records) {
        producer.send(
            new ProducerRecord<>(
                topic,
                r.partition(),
                null,
                r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(topic, r.value())));
      }
      producer.flush();
    }
  }

  /** Sends raw bytes (for undecodable input). */
  public void sendRaw(String topic, String key, byte[] value) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            KafkaClientSecurity.apply(props),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
      producer.flush();
    }
  }

  /**
   * Reads committed records from the start of {@code topic} until {@code expected} have arrived and
   * then no more for {@code quiet}, or {@code timeout} passes; returns what it read, so the test
   * can assert on duplicates as well as on missing records.
   */
  public <V> List<ConsumerRecord<byte[], V>> readCommitted(
      String topic, Deserializer<V> deserializer, int expected, Duration quiet, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastArrival = System.nanoTime();
    try (KafkaConsumer<byte[], V> consumer =
        new KafkaConsumer<>(
            KafkaClientSecurity.apply(props), new ByteArrayDeserializer(), deserializer)) {
      consumer.subscribe(List.of(topic));
      while (System.nanoTime() < deadline) {
        var batch = consumer.poll(Duration.ofMillis(200));
        if (!batch.isEmpty()) {
          batch.forEach(out::add);
          lastArrival = System.nanoTime();
        } else if (out.size() >= expected && System.nanoTime() - lastArrival > quiet.toNanos()) {
          break;
        }
      }
    }
    return out;
  }

  /** The registry-backed value deserializer for an Avro type. */
  public <V extends SpecificRecord> Deserializer<V> deserializer(Class<V> type) {
    var deserializer = new io.apicurio.registry.serde.avro.AvroKafkaDeserializer<V>();
    Map<String, Object> config = FabSerdes.serdeConfig(registryUrl, false);
    config.put("apicurio.registry.deserializer.value.return-class", type.getName());
    deserializer.configure(config, false);
    return deserializer;
  }
}
