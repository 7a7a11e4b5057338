package io.fabstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * LAM 9600's three experiments, weeks apart, through the data drift check: experiments 31 and 33
 * must alarm against 29's reference, and each experiment on its own must not.
 */
class DriftCheckSharedDataTest {

  private static final Path LAM =
      Path.of(System.getProperty("fabstream.shared.data", "../../shared/data"))
          .resolve("lam9600-etch");

  private static final Path WM811K =
      Path.of(System.getProperty("fabstream.shared.data", "../../shared/data")).resolve("wm811k");

  private static Map<String, String> result(String text) {
    String line = text.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
    return Arrays.stream(line.substring("RESULT ".length()).split(" "))
        .map(kv -> kv.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
  }

  /**
   * WM-811K's held-back maps against a reference sampled from its training files, as a wafer CNN
   * saves it: shuffled (no lot or product dominates a window) they must not alarm; with half of a
   * window from one defect class, most classes must. In file order, windows of consecutive lots do
   * alarm (products differ in yield): the figure is reported, not asserted.
   */
  @Test
  void heldBackMapsAreQuietAgainstTheTrainingReferenceAndDefectExcursionsAlarm() {
    assumeTrue(Files.isDirectory(WM811K), "needs ../shared/data (CI has it)");
    StringWriter text = new StringWriter();
    int code =
        FabstreamCli.commandLine()
            .setOut(new PrintWriter(text))
            .execute(
                "drift", "check-maps", "--data", WM811K.toString(), "--excursion-share", "0.5");
    assertThat(code).isZero();
    Map<String, String> r = result(text.toString());
    assertThat(r.get("dataset")).isEqualTo("wm811k");
    assertThat(Integer.parseInt(r.get("stable_windows"))).isEqualTo(62);
    assertThat(r.get("shuffled_false_alarms")).as(text.toString()).isEqualTo("0");
    assertThat(Integer.parseInt(r.get("excursion_windows"))).isEqualTo(7);
    assertThat(Integer.parseInt(r.get("excursion_alarmed")))
        .as(text.toString())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void laterExperimentsAlarmAndEachExperimentAloneIsQuiet() {
    assumeTrue(Files.isDirectory(LAM), "needs ../shared/data (CI has it)");
    StringWriter text = new StringWriter();
    int code =
        FabstreamCli.commandLine()
            .setOut(new PrintWriter(text))
            .execute("drift", "check", "--data", LAM.toString(), "--permutations", "100");

    assertThat(code).isZero();
    String result =
        text.toString().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
    Map<String, String> r = result(text.toString());
    assertThat(r.get("dataset")).isEqualTo("lam9600-etch");
    assertThat(r.get("wafers")).isEqualTo("129");
    assertThat(Integer.parseInt(r.get("drift_windows"))).isPositive();
    assertThat(r.get("drift_windows_alarmed")).as(result).isEqualTo(r.get("drift_windows"));
    assertThat(Integer.parseInt(r.get("detection_delay"))).isBetween(1, 10);
    assertThat(Integer.parseInt(r.get("detection_delay_31"))).isBetween(1, 10);
    assertThat(Integer.parseInt(r.get("detection_delay_33"))).isBetween(1, 10);
    assertThat(r.get("false_alarms")).as(result).isEqualTo("0");
    assertThat(Integer.parseInt(r.get("permuted_windows"))).isEqualTo(600);
    assertThat(Double.parseDouble(r.get("permuted_false_alarm_rate"))).isLessThan(0.01);
  }
}
