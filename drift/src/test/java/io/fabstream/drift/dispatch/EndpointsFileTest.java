package io.fabstream.drift.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabstream.schemas.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EndpointsFileTest {

  private static Properties props(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }

  @Test
  void blocksBecomeEndpointsWithSecretsByEnvironmentName() throws IOException {
    List<Endpoint> e =
        EndpointsFile.parse(
            props(
                """
                endpoint.etch-team.kind=slack
                endpoint.etch-team.url=https://hooks.example.com/T1
                endpoint.etch-team.minSeverity=CRITICAL
                endpoint.etch-team.secretEnv=FAB_SLACK_SECRET
                endpoint.airflow.kind=AIRFLOW
                endpoint.airflow.url=http://airflow:8080
                endpoint.airflow.dagId=retrain_wafer_cnn
                endpoint.airflow.models=wafer-cnn, trace-lstm
                endpoint.airflow.authEnv=AIRFLOW_AUTH
                """),
            "hooks.properties");

    assertThat(e).extracting(Endpoint::name).containsExactly("airflow", "etch-team");
    Endpoint airflow = e.get(0);
    assertThat(airflow.kind()).isEqualTo(Endpoint.Kind.AIRFLOW);
    assertThat(airflow.dagId()).isEqualTo("retrain_wafer_cnn");
    assertThat(airflow.models()).containsExactly("wafer-cnn", "trace-lstm");
    assertThat(airflow.authEnv()).isEqualTo("AIRFLOW_AUTH");
    Endpoint slack = e.get(1);
    assertThat(slack.kind()).isEqualTo(Endpoint.Kind.SLACK);
    assertThat(slack.minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(slack.secretEnv()).isEqualTo("FAB_SLACK_SECRET");
  }

  @Test
  void mistakesAreNamedWithTheFileAndTheEndpoint() {
    assertThatThrownBy(
            () ->
                EndpointsFile.parse(
                    props("endpoint.a.kind=WEBHOOK\nendpoint.a.url=http://x\nendpoint.a.secret=s"),
                    "hooks.properties"))
        .hasMessageContaining("hooks.properties: unknown setting 'secret' of endpoint a");
    assertThatThrownBy(
            () -> EndpointsFile.parse(props("endpoint.a.kind=PAGER\nendpoint.a.url=http://x"), "f"))
        .hasMessageContaining("f: endpoint a: kind 'PAGER' is not one of");
    assertThatThrownBy(
            () ->
                EndpointsFile.parse(props("endpoint.a.kind=AIRFLOW\nendpoint.a.url=http://x"), "f"))
        .hasMessageContaining("f: Airflow endpoint a needs a dagId");
    assertThatThrownBy(() -> EndpointsFile.parse(props("endpoint.a.url=http://x"), "f"))
        .hasMessageContaining("f: endpoint a needs kind and url");
    assertThatThrownBy(() -> EndpointsFile.parse(props("hooks=1"), "f"))
        .hasMessageContaining("key 'hooks' is not endpoint.<name>.<setting>");
  }
}
