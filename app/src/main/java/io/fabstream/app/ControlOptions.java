package io.fabstream.app;

import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.scoring.ModelControlPublisher;
import io.fabstream.schemas.ModelAction;
import io.fabstream.schemas.ModelControl;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Whether and where a registry change is announced to running scorers. */
final class ControlOptions {

  @Option(
      names = "--publish",
      description =
          "Also tell running scorers, through the model-control topic on --bootstrap, so they"
              + " switch without a restart.")
  boolean publish;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  /** Publishes the change when asked to, and says so. */
  void tell(
      ModelRegistry registry,
      String model,
      ModelAction action,
      int version,
      CommandLine.Model.CommandSpec spec) {
    if (!publish) {
      return;
    }
    try (ModelControlPublisher publisher =
        ModelControlPublisher.catalog(kafka.bootstrap, kafka.registry)) {
      ModelControl sent =
          publisher.publish(
              registry, model, action, version, System.getProperty("user.name", "cli"));
      spec.commandLine()
          .getOut()
          .printf(
              "published %s %s v%d to the running scorers (manifest %s)%n",
              sent.getAction(), model, version, sent.getManifestSha256());
    }
  }
}
