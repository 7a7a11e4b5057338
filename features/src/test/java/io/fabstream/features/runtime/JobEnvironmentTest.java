package io.fabstream.features.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {

  @Test
  void theReporterIsFlinksPrometheusReporterOnTheGivenPortsWithLabelValuesKept() {
    Configuration conf = JobEnvironment.configuration(Duration.ofSeconds(2));
    JobEnvironment.prometheusReporter(conf, "9250-9259");
    assertThat(conf.toMap())
        .containsEntry(
            "metrics.reporter.prom.factory.class", JobEnvironment.PROMETHEUS_REPORTER_FACTORY)
        .containsEntry("metrics.reporter.prom.port", "9250-9259")
        .containsEntry("metrics.reporter.prom.filterLabelValueCharacters", "false")
        .containsEntry("execution.checkpointing.interval", "2000 ms");
  }

  @Test
  void portSpecsAreCheckedBeforeAnyClusterStarts() {
    JobEnvironment.validatePorts("9250");
    JobEnvironment.validatePorts("1-65535");
    for (String bad : new String[] {"", "92a0", "9259-9250", "0-10", "9250-70000", "9250,9251"}) {
      assertThatThrownBy(() -> JobEnvironment.validatePorts(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Flink metrics ports");
    }
    assertThatThrownBy(() -> new LocalJobs("none"))
        .hasMessageContaining("a port or a range like 9250-9259, got 'none'");
  }
}
