package io.fabstream.inference.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 of files and of sets of files, as lowercase hex. */
public final class Sha256 {

  private Sha256() {}

  /** Hash of one file's bytes. */
  public static String of(Path file) {
    MessageDigest digest = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to hash it", e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Hash of bytes. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** Hashes of files by file name. */
  public static Map<String, String> ofFiles(Iterable<Path> files) {
    Map<String, String> hashes = new TreeMap<>();
    for (Path f : files) {
      hashes.put(f.getFileName().toString(), of(f));
    }
    return hashes;
  }

  /** One hash over named hashes, in name order ({@code name:hash\n} lines). */
  public static String combined(Map<String, String> hashes) {
    StringBuilder lines = new StringBuilder();
    new TreeMap<>(hashes).forEach((k, v) -> lines.append(k).append(':').append(v).append('\n'));
    return of(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
