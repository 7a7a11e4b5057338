package io.fabstream.platform.postgres;

/** A PostgreSQL server a test or the embedded run connects to, however it was started. */
public interface PostgresServer extends AutoCloseable {

  /** JDBC URL of its database. */
  String jdbcUrl();

  /** User to connect as. */
  String user();

  /** That user's password (empty with trust authentication). */
  String password();

  @Override
  void close();
}
