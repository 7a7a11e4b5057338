package io.fabstream.registry;

import java.util.function.Consumer;

/**
 * Durable log of registry changes. The registry keeps its working state in memory and uses the
 * store only to make each change durable before answering, and to rebuild the state at start-up.
 */
interface SchemaStore extends AutoCloseable {

  /** Replays every stored change, oldest first. */
  void replay(Consumer<StoreRecord> sink);

  /** Makes one change durable; returns only once it is stored. */
  void append(StoreRecord record);

  /** Human-readable description for logs. */
  String describe();

  @Override
  void close();
}
