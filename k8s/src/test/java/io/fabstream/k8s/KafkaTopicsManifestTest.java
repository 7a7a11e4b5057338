package io.fabstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The cluster's {@code KafkaTopic} resources are the topic catalog's topics, with its partitions,
 * cleanup policies and settings: {@code k8s/base/kafka-topics.yaml} is generated from {@link
 * TopicCatalog}, and this test fails when they drift apart (rerun it with {@code
 * -Dfabstream.k8s.regenerate=true} to rewrite the file).
 */
class KafkaTopicsManifestTest {

  private static final Path FILE = Path.of("base/kafka-topics.yaml");

  static String render() {
    StringBuilder out =
        new StringBuilder(
            "# Generated from io.fabstream.schemas.TopicCatalog by KafkaTopicsManifestTest; do not edit.\n");
    for (Topic<?, ?> t : TopicCatalog.all()) {
      Map<String, String> config = new TreeMap<>(t.extraConfig());
      config.put("cleanup.policy", t.cleanupPolicy());
      config.put("min.insync.replicas", "2");
      out.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1beta2\n")
          .append("kind: KafkaTopic\n")
          .append("metadata:\n")
          .append("  name: ")
          .append(resourceName(t.name()))
          .append('\n')
          .append("  labels:\n")
          .append("    strimzi.io/cluster: fabstream\n")
          .append("spec:\n")
          .append("  topicName: ")
          .append(t.name())
          .append('\n')
          .append("  partitions: ")
          .append(t.partitions())
          .append('\n')
          .append("  replicas: 3\n")
          .append("  config:\n");
      config.forEach(
          (k, v) -> out.append("    ").append(k).append(": \"").append(v).append("\"\n"));
    }
    return out.toString();
  }

  /** A Kubernetes name for a topic: lower case, dots and underscores as dashes, no leading dash. */
  static String resourceName(String topic) {
    String n = topic.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
    return n.startsWith("-") ? n.substring(1) : n;
  }

  @Test
  void theTopicResourcesAreTheCatalogs() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("fabstream.k8s.regenerate")) {
      Files.writeString(FILE, expected);
    }
    assertThat(Files.readString(FILE))
        .as("%s is out of date: rerun with -Dfabstream.k8s.regenerate=true", FILE)
        .isEqualTo(expected);
    assertThat(TopicCatalog.all().stream().map(t -> resourceName(t.name())))
        .as("distinct resource names")
        .doesNotHaveDuplicates();
  }
}
