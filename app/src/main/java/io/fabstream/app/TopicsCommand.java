package io.fabstream.app;

import io.fabstream.schemas.Topic;
import io.fabstream.schemas.TopicAdmin;
import io.fabstream.schemas.TopicCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the topic catalog and creates its topics on a cluster. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "List the topic catalog; with --bootstrap, create missing topics.")
final class TopicsCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", description = "Kafka bootstrap servers; creates missing topics.")
  String bootstrap;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      description = "Replication factor for created topics (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Override
  public Integer call() {
    System.out.printf("%-26s %-4s %-8s %-16s %s%n", "TOPIC", "PART", "CLEANUP", "VALUE", "WHAT");
    for (Topic<?, ?> t : TopicCatalog.all()) {
      System.out.printf(
          "%-26s %-4d %-8s %-16s %s%n",
          t.name(),
          t.partitions(),
          t.cleanupPolicy(),
          t.valueType().getSimpleName(),
          t.description());
    }
    if (bootstrap != null) {
      TopicAdmin.ensureTopics(bootstrap, TopicCatalog.all(), replicationFactor);
      System.out.println("All catalog topics exist on " + bootstrap);
    }
    return 0;
  }
}
