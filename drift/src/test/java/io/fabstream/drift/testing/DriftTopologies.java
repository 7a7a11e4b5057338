package io.fabstream.drift.testing;

import io.fabstream.registry.EmbeddedSchemaRegistry;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.Topic;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A drift topology under {@code TopologyTestDriver} with the real (in-memory) schema registry, one
 * per JVM, and catalog topics in and out with their Avro serdes.
 */
public final class DriftTopologies implements AutoCloseable {

  private static EmbeddedSchemaRegistry registry;

  private final TopologyTestDriver driver;

  private DriftTopologies(TopologyTestDriver driver) {
    this.driver = driver;
  }

  /** The registry's URL (started on first use, closed at exit). */
  public static synchronized String registryUrl() {
    if (registry == null) {
      registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory());
      EmbeddedSchemaRegistry r = registry;
      Runtime.getRuntime().addShutdownHook(new Thread(r::close, "test-registry-stop"));
    }
    return registry.url();
  }

  public static DriftTopologies drive(Topology topology, Properties config, Instant start) {
    return new DriftTopologies(new TopologyTestDriver(topology, config, start));
  }

  public TopologyTestDriver driver() {
    return driver;
  }

  public <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(
        topic.name(), new StringSerializer(), FabSerdes.valueSerializer(topic, registryUrl()));
  }

  public <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), new StringDeserializer(), FabSerdes.valueDeserializer(topic, registryUrl()));
  }

  @Override
  public void close() {
    driver.close();
  }
}
