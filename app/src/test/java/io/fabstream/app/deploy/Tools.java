package io.fabstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line validators the deployment tests use (node, npm, docker-compose). */
final class Tools {

  /** The repository root, seen from a module's test working directory. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private Tools() {}

  record Result(int exit, String output) {}

  /** Runs {@code command} in {@code dir}, stdout and stderr together. */
  static Result run(Path dir, List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("fabstream-tool", ".txt");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " ran past " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Fails with how to install {@code tool} when it is not on the PATH. */
  static void require(String tool, String install) throws InterruptedException {
    try {
      Result r = run(ROOT, List.of(tool, "--version"), 60);
      assertThat(r.exit()).as("%s --version: %s", tool, r.output()).isZero();
    } catch (IOException e) {
      throw new AssertionError(
          "'" + tool + "' is not on the PATH; " + install + " (.ci/run installs it)", e);
    }
  }

  /** Installs the validation packages of {@code deploy/validation} once (npm ci, offline after). */
  static Path validationPackages() throws IOException, InterruptedException {
    require("node", "install Node.js 20+ (apt-get install nodejs npm)");
    require("npm", "install npm (apt-get install npm)");
    Path dir = ROOT.resolve("deploy/validation");
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      Result npm = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
      assertThat(npm.exit()).as("npm ci in %s:%n%s", dir, npm.output()).isZero();
    }
    return dir;
  }
}
