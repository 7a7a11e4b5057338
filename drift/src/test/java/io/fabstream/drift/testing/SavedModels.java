package io.fabstream.drift.testing;

import io.fabstream.schemas.DriftReferenceSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A model registry directory as the trainers publish it (index, manifest, checksums), holding one
 * promoted version with a saved drift reference: what the drift apps read, written without the
 * inference module.
 */
public final class SavedModels {

  private SavedModels() {}

  /** Publishes {@code model} v{@code version} under {@code root} with {@code reference}. */
  public static Path withReference(
      Path root, String model, int version, DriftReferenceSample reference) {
    try {
      Path dir = Files.createDirectories(root.resolve(model).resolve("v" + version));
      Path file = dir.resolve(DriftReferenceSample.FILE);
      reference.write(file);
      String manifest =
          "{\"name\":\""
              + model
              + "\",\"version\":"
              + version
              + ",\"labels\":[],\"metrics\":{},\"files\":{\""
              + DriftReferenceSample.FILE
              + "\":\""
              + sha256(Files.readAllBytes(file))
              + "\"}}";
      byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
      Files.write(dir.resolve("manifest.json"), bytes);
      Files.writeString(
          root.resolve(model).resolve("registry.json"),
          "{\"name\":\""
              + model
              + "\",\"versions\":[{\"version\":"
              + version
              + ",\"manifestSha256\":\""
              + sha256(bytes)
              + "\"}],\"promoted\":["
              + version
              + "],\"history\":[]}");
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
