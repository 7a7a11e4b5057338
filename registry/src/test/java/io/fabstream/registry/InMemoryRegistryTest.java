package io.fabstream.registry;

import static io.fabstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The in-memory variant needs no broker and publishes the registry's metrics. */
class InMemoryRegistryTest {

  @Test
  void servesWithoutKafkaAndCountsRequests() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.inMemory().withMeterRegistry(meters))) {
      RegistryHttp api = new RegistryHttp(registry.confluentUrl());
      assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port());
      assertThat(
              api.post("/subjects/m-value/versions", schemaBody(TestSchemas.record("M", 0)))
                  .status())
          .isEqualTo(200);
      assertThat(
              api.post("/subjects/m-value/versions", schemaBody(TestSchemas.record("M", 0)))
                  .status())
          .isEqualTo(200);
      assertThat(api.get("/subjects/m-value/versions/7").status()).isEqualTo(404);

      assertThat(meters.get("fabstream.registry.schemas.registered").counter().count())
          .isEqualTo(1.0);
      assertThat(meters.get("fabstream.registry.schemas").gauge().value()).isEqualTo(1.0);
      assertThat(
              meters
                  .get("fabstream.registry.requests")
                  .tag("api", "confluent")
                  .tag("endpoint", "POST /subjects/{}/versions")
                  .tag("status", "200")
                  .timer()
                  .count())
          .isEqualTo(2);
      assertThat(
              meters
                  .get("fabstream.registry.requests")
                  .tag("endpoint", "GET /subjects/{}/versions/{}")
                  .tag("status", "404")
                  .timer()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void refusesABusyPort() {
    try (EmbeddedSchemaRegistry first =
        EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  EmbeddedSchemaRegistry.start(
                      EmbeddedSchemaRegistry.Settings.inMemory().withPort(first.port())))
          .hasMessageContaining(Integer.toString(first.port()));
    }
  }
}
