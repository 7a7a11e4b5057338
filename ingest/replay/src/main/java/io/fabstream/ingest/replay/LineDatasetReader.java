package io.fabstream.ingest.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Shared plumbing of the text readers: opens plain or gzip files one after another, counts lines
 * for error messages and turns "read the next wafer or null" into an iterator. Subclasses only
 * parse.
 */
abstract class LineDatasetReader implements DatasetReader {

  private final Deque<Path> files;
  private BufferedReader reader;
  private Path currentFile;
  private long lineNumber;
  private String pushedBack;
  private ReplayWafer next;
  private boolean finished;

  LineDatasetReader(List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no dataset files given");
    }
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("dataset file not found: " + file);
      }
    }
    this.files = new ArrayDeque<>(files);
  }

  /** Parses the next wafer from {@link #readLine()}, or returns null at the end of the data. */
  abstract ReplayWafer readWafer() throws IOException;

  /**
   * Whether a line carries no data (comment or header); called with the line number within its
   * file.
   */
  abstract boolean isHeader(String line, long lineNumberInFile);

  /** The next data line across all files, or null at the end. */
  final String readLine() throws IOException {
    if (pushedBack != null) {
      String line = pushedBack;
      pushedBack = null;
      return line;
    }
    while (true) {
      if (reader == null) {
        if (files.isEmpty()) {
          return null;
        }
        currentFile = files.removeFirst();
        reader = open(currentFile);
        lineNumber = 0;
      }
      String line = reader.readLine();
      if (line == null) {
        reader.close();
        reader = null;
        continue;
      }
      lineNumber++;
      if (!line.isBlank() && !isHeader(line, lineNumber)) {
        return line;
      }
    }
  }

  /** Gives a line back so the next {@link #readLine()} returns it again (group boundaries). */
  final void pushBack(String line) {
    pushedBack = line;
  }

  /** An error naming the file and line being parsed. */
  final IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException(currentFile + " line " + lineNumber + ": " + why);
  }

  @Override
  public final boolean hasNext() {
    if (next == null && !finished) {
      try {
        next = readWafer();
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + currentFile, e);
      }
      finished = next == null;
    }
    return next != null;
  }

  @Override
  public final ReplayWafer next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ReplayWafer wafer = next;
    next = null;
    return wafer;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
    files.clear();
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }
}
