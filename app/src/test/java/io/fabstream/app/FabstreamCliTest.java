package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.schemas.TopicCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FabstreamCliTest {

  @Test
  void topicsListsTheWholeCatalog() {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = FabstreamCli.commandLine().execute("topics");
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    String printed = bytes.toString(StandardCharsets.UTF_8);
    TopicCatalog.all().forEach(t -> assertThat(printed).contains(t.name()));
  }

  @Test
  void helpNamesEverySubcommand() {
    StringWriter out = new StringWriter();
    CommandLine cl = FabstreamCli.commandLine();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("run", "broker", "registry", "topics");
  }

  @Test
  void aBadOptionIsRejectedWithAMessage() {
    StringWriter err = new StringWriter();
    CommandLine cl = FabstreamCli.commandLine();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("broker", "--port", "not-a-port")).isNotZero();
    assertThat(err.toString()).contains("--port");
  }
}
