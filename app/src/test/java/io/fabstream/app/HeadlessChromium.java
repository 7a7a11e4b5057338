package io.fabstream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode: loads a page, runs its scripts (on a virtual clock,
 * so timers and fetches settle), and gives back the DOM as it then stands, or a screenshot.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  /** The binary, or an error saying how to install it. */
  static String binary() {
    for (String b :
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(b))) {
        return b;
      }
    }
    throw new AssertionError(
        "no headless Chromium: install Debian's chromium package (.ci/run does)");
  }

  /**
   * The DOM of {@code url} after its scripts ran for up to {@code budgetMillis} of virtual time.
   */
  static String dom(String url, int budgetMillis, Path profile)
      throws IOException, InterruptedException {
    return run(profile, List.of("--virtual-time-budget=" + budgetMillis, "--dump-dom", url));
  }

  /** Writes a PNG of {@code url} to {@code png}. */
  static void screenshot(String url, int budgetMillis, Path profile, Path png)
      throws IOException, InterruptedException {
    run(
        profile,
        List.of(
            "--virtual-time-budget=" + budgetMillis,
            "--window-size=1280,1150",
            "--screenshot=" + png.toAbsolutePath(),
            url));
  }

  private static String run(Path profile, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binary(),
                "--headless",
                "--no-sandbox", // root in CI; the page is our own
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath()));
    cmd.addAll(args);
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium ran past 120 s: " + Files.readString(err));
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(err));
      }
      return Files.readString(out);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
