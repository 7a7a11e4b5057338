package io.fabstream.platform.postgres;

import org.testcontainers.containers.PostgreSQLContainer;

/**
 * PostgreSQL in a Docker container, where a Docker engine exists; {@link PostgresServers} loads it
 * only then, so Testcontainers stays optional at run time.
 */
final class TestcontainersPostgres implements PostgresServer {

  static final String IMAGE = "postgres:16-alpine";

  private final PostgreSQLContainer<?> container;

  private TestcontainersPostgres(PostgreSQLContainer<?> container) {
    this.container = container;
  }

  static TestcontainersPostgres start() {
    PostgreSQLContainer<?> container = new PostgreSQLContainer<>(IMAGE);
    container.start();
    return new TestcontainersPostgres(container);
  }

  @Override
  public String jdbcUrl() {
    return container.getJdbcUrl();
  }

  @Override
  public String user() {
    return container.getUsername();
  }

  @Override
  public String password() {
    return container.getPassword();
  }

  @Override
  public void close() {
    container.stop();
  }
}
