package io.fabstream.app;

import picocli.CommandLine.Option;

/** The two addresses every client subcommand needs: Kafka and the schema registry. */
final class KafkaOptions {

  @Option(
      names = "--bootstrap",
      defaultValue = "${env:FABSTREAM_BOOTSTRAP:-127.0.0.1:9092}",
      description = "Kafka bootstrap servers (default: $FABSTREAM_BOOTSTRAP or ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--registry",
      defaultValue = "${env:FABSTREAM_REGISTRY:-http://127.0.0.1:8081}",
      description =
          "Schema registry root URL, Apicurio or fabstream's embedded one (default:"
              + " $FABSTREAM_REGISTRY or ${DEFAULT-VALUE}).")
  String registry;
}
