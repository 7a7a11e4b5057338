package io.fabstream.schemas;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How every fabstream Kafka client (producers, consumers, Streams apps, admin clients, the Flink
 * jobs' sources and sinks) authenticates: plain on a trusted network, or SASL/SCRAM over TLS. The
 * settings come from the environment (a Kubernetes Secret, docker-compose's {@code .env}) or from
 * system properties of the same names in lower case with dots ({@code fabstream.kafka.username}),
 * never from files in the repository.
 *
 * <ul>
 *   <li>{@code FABSTREAM_KAFKA_SECURITY_PROTOCOL}: {@code PLAINTEXT} (default) or {@code SASL_SSL}
 *   <li>{@code FABSTREAM_KAFKA_SASL_MECHANISM}: {@code SCRAM-SHA-512} (default) or {@code
 *       SCRAM-SHA-256}
 *   <li>{@code FABSTREAM_KAFKA_USERNAME}, {@code FABSTREAM_KAFKA_PASSWORD}
 *   <li>{@code FABSTREAM_KAFKA_TRUSTSTORE} (a PKCS12 or PEM file of the brokers' CA) and {@code
 *       FABSTREAM_KAFKA_TRUSTSTORE_PASSWORD} (PKCS12 only); without one the JVM's default trust
 *       applies
 * </ul>
 */
public record KafkaClientSecurity(
    String protocol,
    String mechanism,
    String username,
    String password,
    String truststore,
    String truststorePassword) {

  /** Plain connections. */
  public static final KafkaClientSecurity PLAINTEXT =
      new KafkaClientSecurity("PLAINTEXT", null, null, null, null, null);

  public KafkaClientSecurity {
    protocol =
        protocol == null || protocol.isBlank() ? "PLAINTEXT" : protocol.toUpperCase(Locale.ROOT);
    if (!protocol.equals("PLAINTEXT") && !protocol.equals("SASL_SSL")) {
      throw new IllegalArgumentException(
          "FABSTREAM_KAFKA_SECURITY_PROTOCOL must be PLAINTEXT or SASL_SSL, got " + protocol);
    }
    if (protocol.equals("SASL_SSL")) {
      mechanism = mechanism == null || mechanism.isBlank() ? "SCRAM-SHA-512" : mechanism;
      if (!mechanism.equals("SCRAM-SHA-512") && !mechanism.equals("SCRAM-SHA-256")) {
        throw new IllegalArgumentException(
            "FABSTREAM_KAFKA_SASL_MECHANISM must be SCRAM-SHA-512 or SCRAM-SHA-256, got "
                + mechanism);
      }
      if (username == null || username.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException(
            "SASL_SSL needs FABSTREAM_KAFKA_USERNAME and FABSTREAM_KAFKA_PASSWORD");
      }
    }
  }

  /** The settings of this process: system properties first, then the environment. */
  public static KafkaClientSecurity current() {
    return from(
        name -> {
          String property = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
          return property != null ? property : System.getenv(name);
        });
  }

  /** The settings {@code lookup} gives for the variable names above. */
  public static KafkaClientSecurity from(Function<String, String> lookup) {
    return new KafkaClientSecurity(
        lookup.apply("FABSTREAM_KAFKA_SECURITY_PROTOCOL"),
        lookup.apply("FABSTREAM_KAFKA_SASL_MECHANISM"),
        lookup.apply("FABSTREAM_KAFKA_USERNAME"),
        lookup.apply("FABSTREAM_KAFKA_PASSWORD"),
        lookup.apply("FABSTREAM_KAFKA_TRUSTSTORE"),
        lookup.apply("FABSTREAM_KAFKA_TRUSTSTORE_PASSWORD"));
  }

  /** Kafka client settings for this security (empty for plain connections). */
  public Map<String, String> clientConfig() {
    Map<String, String> c = new LinkedHashMap<>();
    if (protocol.equals("PLAINTEXT")) {
      return c;
    }
    c.put("security.protocol", protocol);
    c.put("sasl.mechanism", mechanism);
    c.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + escape(username)
            + "\" password=\""
            + escape(password)
            + "\";");
    if (truststore != null && !truststore.isBlank()) {
      boolean pem = truststore.endsWith(".pem") || truststore.endsWith(".crt");
      c.put("ssl.truststore.type", pem ? "PEM" : "PKCS12");
      c.put("ssl.truststore.location", truststore);
      if (!pem && truststorePassword != null) {
        c.put("ssl.truststore.password", truststorePassword);
      }
    }
    return c;
  }

  /** Adds this process's settings ({@link #current()}) to a client's {@code config}. */
  @SuppressWarnings("unchecked")
  public static <M extends Map<?, ?>> M apply(M config) {
    ((Map<Object, Object>) config).putAll(current().clientConfig());
    return config;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return protocol + (username == null ? "" : " as " + username); // never the password
  }
}
