package io.fabstream.drift.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deliveries that must reach an endpoint, kept on disk until they have: an append-only journal of
 * {@code add} and {@code done} lines, forced to disk before the dispatcher commits the Kafka offset
 * of the record behind them. So a delivery survives an endpoint outage and a dispatcher crash
 * (nothing lost), and a record read twice after a crash is recognised by its delivery id (nothing
 * sent twice). Delivered ids are remembered up to {@link #REMEMBERED} so the journal stays bounded:
 * on open, and whenever it has grown past {@link #COMPACT_AFTER} lines, it is rewritten with the
 * pending deliveries and the newest delivered ids only.
 */
public final class Outbox implements AutoCloseable {

  /** Delivered ids kept for recognising re-read records. */
  static final int REMEMBERED = 100_000;

  /** Journal lines after which it is rewritten. */
  static final int COMPACT_AFTER = 50_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One thing to send.
   *
   * @param id delivery id: the record's idempotency key and the endpoint's name
   * @param endpoint endpoint name
   * @param body what to send (JSON)
   */
  public record Delivery(String id, String endpoint, String body) {}

  private final Path file;
  private final Map<String, Delivery> pending = new LinkedHashMap<>();
  private final LinkedHashSet<String> delivered = new LinkedHashSet<>();
  private FileChannel journal;
  private int lines;

  private Outbox(Path file) {
    this.file = file;
  }

  /** Opens (or creates) the outbox journal at {@code file}. */
  public static Outbox open(Path file) {
    Outbox box = new Outbox(file);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          box.replay(line);
        }
      }
      box.rewrite();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the outbox " + file, e);
    }
    return box;
  }

  private void replay(String line) throws IOException {
    if (line.isBlank()) {
      return;
    }
    ObjectNode n;
    try {
      n = (ObjectNode) JSON.readTree(line);
    } catch (IOException e) {
      // a line cut short by a crash mid-write: everything before it was forced, so it is the last
      return;
    }
    String id = n.path("id").asText();
    if (n.path("op").asText().equals("done")) {
      pending.remove(id);
      remember(id);
    } else if (!delivered.contains(id)) {
      pending.put(id, new Delivery(id, n.path("endpoint").asText(), n.path("body").asText()));
    }
  }

  private void remember(String id) {
    delivered.add(id);
    if (delivered.size() > REMEMBERED) {
      var it = delivered.iterator();
      it.next();
      it.remove();
    }
  }

  /**
   * Adds a delivery unless its id is pending or was delivered; forced to disk before returning.
   *
   * @return whether it was new
   */
  public synchronized boolean add(Delivery d) {
    if (pending.containsKey(d.id()) || delivered.contains(d.id())) {
      return false;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("op", "add").put("id", d.id()).put("endpoint", d.endpoint()).put("body", d.body());
    append(n);
    pending.put(d.id(), d);
    return true;
  }

  /** Marks a delivery done; forced to disk before returning. */
  public synchronized void done(String id) {
    if (pending.remove(id) == null) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("op", "done").put("id", id);
    append(n);
    remember(id);
    if (lines > COMPACT_AFTER) {
      try {
        rewrite();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot compact the outbox " + file, e);
      }
    }
  }

  /** The deliveries not yet done, oldest first. */
  public synchronized List<Delivery> pending() {
    return new ArrayList<>(pending.values());
  }

  /** Whether {@code id} was delivered (within the remembered ones). */
  public synchronized boolean wasDelivered(String id) {
    return delivered.contains(id);
  }

  private void append(ObjectNode n) {
    try {
      byte[] line = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
      journal.write(ByteBuffer.wrap(line));
      journal.force(false);
      lines++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outbox " + file, e);
    }
  }

  /** Writes the pending deliveries and the remembered ids to a new journal, atomically. */
  private void rewrite() throws IOException {
    if (journal != null) {
      journal.close();
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    List<String> out = new ArrayList<>();
    Set<String> keep = new LinkedHashSet<>(delivered);
    for (String id : keep) {
      ObjectNode n = JSON.createObjectNode();
      out.add(n.put("op", "done").put("id", id).toString());
    }
    for (Delivery d : pending.values()) {
      ObjectNode n = JSON.createObjectNode();
      out.add(
          n.put("op", "add")
              .put("id", d.id())
              .put("endpoint", d.endpoint())
              .put("body", d.body())
              .toString());
    }
    Files.write(tmp, out, StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    journal =
        FileChannel.open(
            file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    lines = out.size();
  }

  @Override
  public synchronized void close() {
    try {
      if (journal != null) {
        journal.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the outbox " + file, e);
    }
  }
}
