package io.fabstream.app;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the panel store is and how long it keeps rows, for {@code panels} and {@code run}. */
final class PanelStoreOptions {

  @Option(
      names = "--panels-user",
      defaultValue = "${env:FABSTREAM_PANELS_USER:-fabstream}",
      description = "Database user (default: $FABSTREAM_PANELS_USER or ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--panels-password-env",
      defaultValue = "FABSTREAM_PANELS_PASSWORD",
      description =
          "Environment variable holding the database password, never the password itself"
              + " (default: ${DEFAULT-VALUE}; unset = no password).")
  String passwordEnv;

  @Option(
      names = "--panels-retention",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description = "Delete rows stored longer ago than this (default: ${DEFAULT-VALUE}).")
  Duration retention;

  String password() {
    String p = System.getenv(passwordEnv);
    return p == null ? "" : p;
  }
}
