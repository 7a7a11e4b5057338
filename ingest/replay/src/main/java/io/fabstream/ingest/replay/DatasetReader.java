package io.fabstream.ingest.replay;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Streams one dataset file wafer by wafer, in file order, without loading the file into memory.
 * Each format has its own reader; {@link DatasetKind#open} picks it. Malformed lines raise {@link
 * IllegalArgumentException} naming file and line, since a silently skipped wafer would corrupt
 * counts downstream.
 */
public interface DatasetReader extends Iterator<ReplayWafer>, Closeable {}
