package io.fabstream.drift;

import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.Topic;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * The Streams settings every drift app shares: exactly-once v2 (outputs, state changes and input
 * offsets commit together, so a restart neither loses nor repeats a report or an alert), committed
 * reads of the scorers' transactional topics, the earliest offset on first start, and undecodable
 * records and records a processor throws on dead-lettered ({@link
 * DeadLetteringDeserializationHandler}, {@link DeadLetteringProcessingHandler}).
 */
public final class DriftStreams {

  private DriftStreams() {}

  /** How a drift app reads a catalog topic: string keys, the topic's registry-backed values. */
  public static <V extends org.apache.avro.specific.SpecificRecord> Consumed<String, V> consumed(
      Topic<String, V> topic, String registryUrl, String name) {
    return Consumed.with(Serdes.String(), FabSerdes.valueSerde(topic, registryUrl)).withName(name);
  }

  public static Properties config(
      String bootstrapServers,
      String applicationId,
      Path stateDir,
      int streamThreads,
      String registryUrl) {
    Properties props = new Properties();
    // an undecodable record goes to the dead-letter topic, not into a failing loop
    props.put(
        StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetteringDeserializationHandler.class);
    // so does a record a processor throws on: one bad record must not stop the app
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetteringProcessingHandler.class);
    props.put(DeadLetteringDeserializationHandler.REGISTRY_URL, registryUrl);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    KafkaClientSecurity.apply(props);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    // repartition and changelog topics carry the fab's time, which a replay puts years back and
    // the simulator ahead: the broker must take both
    props.put(
        StreamsConfig.topicPrefix("message.timestamp.after.max.ms"),
        String.valueOf(Long.MAX_VALUE));
    props.put(
        StreamsConfig.topicPrefix("message.timestamp.before.max.ms"),
        String.valueOf(Long.MAX_VALUE));
    return props;
  }
}
