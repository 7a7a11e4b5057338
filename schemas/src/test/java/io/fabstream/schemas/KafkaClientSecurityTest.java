package io.fabstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  @Test
  void plainByDefaultAddsNothing() {
    assertThat(KafkaClientSecurity.from(name -> null).clientConfig()).isEmpty();
    assertThat(KafkaClientSecurity.PLAINTEXT.protocol()).isEqualTo("PLAINTEXT");
  }

  @Test
  void scramOverTlsFromTheEnvironmentNames() {
    Map<String, String> env =
        Map.of(
            "FABSTREAM_KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
            "FABSTREAM_KAFKA_USERNAME", "fab-drift",
            "FABSTREAM_KAFKA_PASSWORD", "p\"w",
            "FABSTREAM_KAFKA_TRUSTSTORE", "/etc/kafka/ca.crt");
    KafkaClientSecurity s = KafkaClientSecurity.from(env::get);
    assertThat(s.clientConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", "/etc/kafka/ca.crt")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"fab-drift\" password=\"p\\\"w\";")
        .doesNotContainKey("ssl.truststore.password");
    assertThat(s.toString()).isEqualTo("SASL_SSL as fab-drift").doesNotContain("p\"w");
  }

  @Test
  void incompleteOrUnknownSettingsFailEarlyWithTheVariableToSet() {
    assertThatThrownBy(
            () -> KafkaClientSecurity.from(Map.of("FABSTREAM_KAFKA_SECURITY_PROTOCOL", "SSL")::get))
        .hasMessageContaining("PLAINTEXT or SASL_SSL");
    assertThatThrownBy(
            () ->
                KafkaClientSecurity.from(
                    Map.of("FABSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")::get))
        .hasMessageContaining("FABSTREAM_KAFKA_USERNAME and FABSTREAM_KAFKA_PASSWORD");
    assertThatThrownBy(
            () ->
                KafkaClientSecurity.from(
                    Map.of(
                            "FABSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                            "FABSTREAM_KAFKA_SASL_MECHANISM", "PLAIN",
                            "FABSTREAM_KAFKA_USERNAME", "u",
                            "FABSTREAM_KAFKA_PASSWORD", "p")
                        ::get))
        .hasMessageContaining("SCRAM-SHA-512 or SCRAM-SHA-256");
  }
}
