package io.fabstream.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Registry meters, so an operator sees request rates and errors per endpoint and how many schemas
 * exist. A no-op when no {@link MeterRegistry} is given.
 */
final class RegistryMetrics {

  private final MeterRegistry meters;
  private final Counter registered;

  RegistryMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.registered =
        meters == null
            ? null
            : Counter.builder("fabstream.registry.schemas.registered")
                .description("New subject versions registered")
                .register(meters);
  }

  void request(String api, String endpoint, int status, long nanos) {
    if (meters == null) {
      return;
    }
    Timer.builder("fabstream.registry.requests")
        .description("Registry HTTP requests by API, endpoint and status")
        .tag("api", api)
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void schemaRegistered() {
    if (registered != null) {
      registered.increment();
    }
  }

  void gaugeSchemas(Supplier<Number> count) {
    if (meters != null) {
      Gauge.builder("fabstream.registry.schemas", count)
          .description("Distinct schema contents (ids) known to the registry")
          .register(meters);
    }
  }
}
