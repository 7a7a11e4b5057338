package io.fabstream.app;

import io.fabstream.registry.EmbeddedSchemaRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the embedded schema registry against a Kafka cluster, for development and tests outside the
 * embedded run. Production deployments run the Apicurio Registry image at the same URL paths.
 */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description =
        "Run the embedded schema registry (Confluent API at /apis/ccompat/v7, Apicurio v3 serde"
            + " calls at /apis/registry/v3), storing schemas in Kafka, until Ctrl-C.")
final class RegistryCommand implements Callable<Integer> {

  @Option(
      names = "--bootstrap",
      required = true,
      description = "Kafka bootstrap servers holding the schema topic.")
  String bootstrap;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.kafkaBacked(bootstrap).withHost(host).withPort(port));
    System.out.printf(
        "Schema registry at %s (Kafka %s). Ctrl-C to stop.%n", registry.url(), bootstrap);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  registry.close();
                  stop.countDown();
                }));
    stop.await();
    return 0;
  }
}
