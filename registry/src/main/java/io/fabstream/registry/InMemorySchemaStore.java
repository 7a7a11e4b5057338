package io.fabstream.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps changes in this JVM only: for quick tests that need no broker. */
final class InMemorySchemaStore implements SchemaStore {

  private final List<StoreRecord> records = new ArrayList<>();

  @Override
  public synchronized void replay(Consumer<StoreRecord> sink) {
    records.forEach(sink);
  }

  @Override
  public synchronized void append(StoreRecord record) {
    records.add(record);
  }

  @Override
  public String describe() {
    return "in-memory store";
  }

  @Override
  public void close() {
    // nothing to release
  }
}
