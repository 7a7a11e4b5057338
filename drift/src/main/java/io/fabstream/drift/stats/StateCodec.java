package io.fabstream.drift.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place where the drift module's stateful objects are framed as bytes for Kafka Streams
 * state stores and changelog topics.
 *
 * <p>A drift monitor keeps histograms, confusion matrices and control-chart state for weeks in
 * state stores that survive restarts and redeployments. A store written by an older build must
 * either be read correctly or be refused loudly, never be misread. So every encoding starts with a
 * format version byte, every length read from the bytes is checked against a bound before anything
 * is allocated (a corrupt record must not exhaust the heap), truncated input and trailing bytes are
 * errors, and every failure is an {@link IllegalArgumentException} naming the type that was being
 * decoded.
 */
public final class StateCodec {

  /** Writes the body of an encoding (everything after the version byte). */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the fields.
     *
     * @param out the stream positioned after the version byte
     * @throws IOException never from the in-memory stream, declared for DataOutputStream's methods
     */
    void write(DataOutputStream out) throws IOException;
  }

  /**
   * Reads the body of an encoding.
   *
   * @param <T> the decoded type
   */
  @FunctionalInterface
  public interface Reader<T> {
    /**
     * Reads the fields.
     *
     * @param in the stream positioned after the version byte
     * @param version the format version found in the first byte, between 1 and the current version
     * @return the decoded object
     * @throws IOException on truncated or malformed input
     */
    T read(DataInputStream in, int version) throws IOException;
  }

  private StateCodec() {}

  /**
   * Encodes a version byte followed by the body.
   *
   * @param version the format version, 1 to 127
   * @param body writes the fields
   * @return the encoding
   */
  public static byte[] encode(int version, Body body) {
    if (version < 1 || version > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("format version must be in [1, 127], got " + version);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(version);
      body.write(out);
    } catch (IOException e) {
      // ByteArrayOutputStream does not fail; this would be a bug in a Body.
      throw new UncheckedIOException("encoding failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes bytes written by {@link #encode}, checking the version and that every byte was read.
   *
   * @param bytes the encoding
   * @param typeName the decoded type's name, for error messages
   * @param currentVersion the newest version this build writes; versions 1 to it are accepted
   * @param reader reads the fields
   * @param <T> the decoded type
   * @return the decoded object
   * @throws IllegalArgumentException if the bytes are null, empty, of an unsupported version,
   *     truncated, followed by extra bytes, or describe an invalid object
   */
  public static <T> T decode(byte[] bytes, String typeName, int currentVersion, Reader<T> reader) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException(
          "cannot decode " + typeName + ": " + (bytes == null ? "bytes are null" : "no bytes"));
    }
    int version = bytes[0];
    if (version < 1 || version > currentVersion) {
      throw new IllegalArgumentException(
          "cannot decode "
              + typeName
              + ": unsupported format version "
              + version
              + " (this build reads versions 1 to "
              + currentVersion
              + ")");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
    T value;
    try {
      value = reader.read(in, version);
      int left = in.available();
      if (left != 0) {
        throw new IllegalArgumentException(left + " unexpected trailing bytes");
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "cannot decode " + typeName + ": truncated after " + bytes.length + " bytes", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot decode " + typeName + ": malformed bytes (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException | ArithmeticException e) {
      // ArithmeticException: counts whose sum overflows a long, which no valid state has
      throw new IllegalArgumentException("cannot decode " + typeName + ": " + e.getMessage(), e);
    }
    return value;
  }

  /**
   * Reads an int length or count and checks it against bounds before anything is allocated.
   *
   * @param in the stream
   * @param what what is counted, for the error message
   * @param min the smallest valid value
   * @param max the largest valid value
   * @return the value
   * @throws IOException on truncated input
   * @throws IllegalArgumentException if the value is outside [min, max]
   */
  public static int readBoundedInt(DataInputStream in, String what, int min, int max)
      throws IOException {
    int value = in.readInt();
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " " + value + " outside [" + min + ", " + max + "]");
    }
    return value;
  }
}
