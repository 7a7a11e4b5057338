package io.fabstream.ingest.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a small WM-811K-format file for tests: {@code wm811k(dir).wafer(100, "Scratch")}. */
final class Wm811kFile {

  private static final String THREE_BY_THREE = "010121010";

  private final Path dir;
  private final List<String> lines = new ArrayList<>();

  private Wm811kFile(Path dir) {
    this.dir = dir;
    lines.add("#agg_index\tsplit\tlabel_code\tlabel_name\trows\tcols\tmap");
  }

  static Wm811kFile wm811k(Path dir) {
    return new Wm811kFile(dir);
  }

  Wm811kFile wafer(long aggIndex, String pattern) {
    return line(aggIndex + "\ttest\t0\t" + pattern + "\t3\t3\t" + THREE_BY_THREE);
  }

  Wm811kFile line(String raw) {
    lines.add(raw);
    return this;
  }

  Path write() throws IOException {
    return Files.write(dir.resolve("wm811k_test.txt"), lines);
  }
}
