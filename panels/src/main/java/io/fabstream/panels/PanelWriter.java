package io.fabstream.panels;

import io.fabstream.platform.kafka.CommittedReads;
import io.fabstream.schemas.DeadLetter;
import io.fabstream.schemas.FabSerdes;
import io.fabstream.schemas.KafkaClientSecurity;
import io.fabstream.schemas.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what Grafana's panels show from Kafka into PostgreSQL: wafer maps with their die grids,
 * predictions, MTS windows with every sample, lot features, drift reports, alerts and retraining
 * requests. Reads committed records only; each poll is written in one database transaction of
 * upserts by id, and the offsets are committed only after it, so a crash replays at most one poll,
 * which rewrites the same rows. A record that cannot be decoded or stored (a data error of its own)
 * goes to {@code fab.dead-letter} with the reason, and the rest of the poll is stored; while the
 * database is unreachable the writer retries with backoff and commits nothing. Rows older than the
 * retention (by when they were stored) are deleted periodically.
 */
public final class PanelWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PanelWriter.class);

  /** Application name in dead letters. */
  public static final String APPLICATION = "fabstream-panels";

  /**
   * Settings.
   *
   * @param bootstrapServers Kafka
   * @param registryUrl schema registry
   * @param groupId consumer group
   * @param jdbcUrl PostgreSQL (or TimescaleDB) database
   * @param user database user
   * @param password that user's password
   * @param retention rows stored longer ago than this are deleted
   * @param retentionEvery how often the retention runs
   * @param maxPollRecords records per poll, and so per transaction
   */
  public record Settings(
      String bootstrapServers,
      String registryUrl,
      String groupId,
      String jdbcUrl,
      String user,
      String password,
      Duration retention,
      Duration retentionEvery,
      int maxPollRecords) {

    public Settings {
      if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "the panel store needs a jdbc:postgresql: URL, got '" + jdbcUrl + "'");
      }
      if (retention == null || retention.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException(
            "retention must be at least one minute, got " + retention);
      }
      if (retentionEvery == null || retentionEvery.isNegative() || retentionEvery.isZero()) {
        throw new IllegalArgumentException("retention interval must be positive");
      }
      if (maxPollRecords < 1 || maxPollRecords > 10_000) {
        throw new IllegalArgumentException(
            "max poll records must be in [1, 10000], got " + maxPollRecords);
      }
      password = password == null ? "" : password;
    }

    /** Seven days of rows, retention every ten minutes, 500 records a transaction. */
    public static Settings defaults(
        String bootstrapServers, String registryUrl, String jdbcUrl, String user, String password) {
      return new Settings(
          bootstrapServers,
          registryUrl,
          "fabstream-panels",
          jdbcUrl,
          user,
          password,
          Duration.ofDays(7),
          Duration.ofMinutes(10),
          500);
    }

    /** The same with another retention. */
    public Settings withRetention(Duration retention, Duration every) {
      return new Settings(
          bootstrapServers,
          registryUrl,
          groupId,
          jdbcUrl,
          user,
          password,
          retention,
          every,
          maxPollRecords);
    }
  }

  private record Decoded(
      PanelTable<?> table, ConsumerRecord<String, byte[]> record, Object value) {}

  private final Settings settings;
  private final MeterRegistry meters;
  private final Map<String, PanelTable<?>> byTopic = new LinkedHashMap<>();
  private final Map<String, Deserializer<? extends SpecificRecord>> decoders = new HashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final Map<String, Counter> rowCounters = new HashMap<>();
  private final Counter deadLetterCounter;
  private final Counter retriesCounter;
  private final Counter deletedCounter;
  private final KafkaProducer<byte[], DeadLetter> deadLetters;
  private Connection connection;
  private long nextRetentionNanos;
  private Thread thread;

  private PanelWriter(Settings settings, MeterRegistry meters) {
    this.settings = settings;
    this.meters = meters;
    for (PanelTable<?> t : PanelTables.ALL) {
      byTopic.put(t.topic().name(), t);
      decoders.put(
          t.topic().name(), FabSerdes.valueDeserializer(t.topic(), settings.registryUrl()));
      rowCounters.put(
          t.topic().name(),
          Counter.builder("fabstream.panels.rows")
              .description("Rows upserted into the panel store")
              .tag("topic", t.topic().name())
              .tag("table", t.table())
              .register(meters));
    }
    deadLetterCounter =
        Counter.builder("fabstream.panels.dead.lettered")
            .description("Records the panel store could not decode or store")
            .register(meters);
    retriesCounter =
        Counter.builder("fabstream.panels.retries")
            .description("Polls written again after the database failed")
            .register(meters);
    deletedCounter =
        Counter.builder("fabstream.panels.retention.deleted")
            .description("Rows deleted by the retention")
            .register(meters);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    KafkaClientSecurity.apply(p);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    deadLetters =
        new KafkaProducer<>(
            p,
            new ByteArraySerializer(),
            FabSerdes.valueSerializer(TopicCatalog.DEAD_LETTER, settings.registryUrl()));
  }

  /**
   * Creates the schema where it is missing (so a wrong URL or password fails here, with the
   * driver's message) and starts copying on a thread of its own.
   */
  public static PanelWriter start(Settings settings, MeterRegistry meters) {
    PanelWriter w = new PanelWriter(settings, meters);
    try {
      w.connection();
    } catch (SQLException e) {
      w.deadLetters.close();
      throw new IllegalStateException(
          "cannot open the panel store at " + settings.jdbcUrl() + ": " + e.getMessage(), e);
    }
    w.thread = new Thread(w::run, "panel-writer");
    w.thread.setDaemon(true);
    w.thread.start();
    LOG.info("panel store {} fed from {} topics", settings.jdbcUrl(), w.byTopic.size());
    return w;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed() || !connection.isValid(2)) {
      if (connection != null) {
        closeQuietly();
      }
      connection =
          DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
      PanelSchema.apply(connection);
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void run() {
    Properties props =
        CommittedReads.consumerProperties(settings.bootstrapServers(), settings.groupId());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      KafkaClientMetrics lag = new KafkaClientMetrics(consumer, Tags.of("app", "panels"));
      lag.bindTo(meters);
      consumer.subscribe(List.copyOf(byTopic.keySet()));
      Duration backoff = Duration.ofMillis(500);
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          try {
            store(records);
            consumer.commitSync();
            backoff = Duration.ofMillis(500);
          } catch (SQLException | RuntimeException e) {
            retriesCounter.increment();
            LOG.warn(
                "panel store write failed ({}); retrying the poll in {} ms",
                e.getMessage(),
                backoff.toMillis());
            rewind(consumer, records);
            closeQuietly();
            sleep(backoff);
            backoff =
                backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                    ? Duration.ofSeconds(30)
                    : backoff.multipliedBy(2);
            continue;
          }
        }
        retention();
      }
      lag.close();
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void rewind(
      KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      consumer.seek(tp, records.records(tp).get(0).offset());
    }
  }

  private void store(ConsumerRecords<String, byte[]> records) throws SQLException {
    List<Decoded> rows = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      if (r.value() == null) {
        continue; // a tombstone deletes nothing here
      }
      try {
        rows.add(
            new Decoded(
                byTopic.get(r.topic()),
                r,
                decoders.get(r.topic()).deserialize(r.topic(), r.value())));
      } catch (RuntimeException e) {
        deadLetter(r, "UNDECODABLE", e);
      }
    }
    Connection c = connection();
    try {
      writeBatched(c, rows);
      c.commit();
      count(rows);
    } catch (SQLException | IllegalArgumentException e) {
      c.rollback();
      if (!isDataError(e)) {
        throw e;
      }
      LOG.info("a poll holds a row the store refuses ({}); writing it row by row", e.getMessage());
      writeOneByOne(c, rows);
    }
  }

  private void writeBatched(Connection c, List<Decoded> rows) throws SQLException {
    Map<PanelTable<?>, PreparedStatement> statements = new LinkedHashMap<>();
    try {
      for (Decoded d : rows) {
        PreparedStatement ps = statements.get(d.table());
        if (ps == null) {
          ps = c.prepareStatement(d.table().upsert());
          statements.put(d.table(), ps);
        }
        bind(c, ps, d);
      }
      for (PreparedStatement ps : statements.values()) {
        ps.executeBatch();
      }
    } finally {
      for (PreparedStatement ps : statements.values()) {
        ps.close();
      }
    }
  }

  private void writeOneByOne(Connection c, List<Decoded> rows) throws SQLException {
    List<Decoded> stored = new ArrayList<>();
    for (Decoded d : rows) {
      Savepoint before = c.setSavepoint();
      try (PreparedStatement ps = c.prepareStatement(d.table().upsert())) {
        bind(c, ps, d);
        ps.executeBatch();
        c.releaseSavepoint(before);
        stored.add(d);
      } catch (SQLException | IllegalArgumentException e) {
        c.rollback(before);
        if (!isDataError(e)) {
          c.rollback();
          throw e instanceof SQLException s ? s : new SQLException(e);
        }
        deadLetter(d.record(), "PANEL_ROW_REFUSED", e);
      }
    }
    c.commit();
    count(stored);
  }

  @SuppressWarnings("unchecked")
  private static void bind(Connection c, PreparedStatement ps, Decoded d) throws SQLException {
    PanelTable<SpecificRecord> table = (PanelTable<SpecificRecord>) d.table();
    PanelRow row = new PanelRow(c, ps);
    table.binder().bind(row, (SpecificRecord) d.value());
    row.add(table.columns().size());
  }

  /**
   * A fault of the row itself (SQL state classes 22 and 23, or a mapping's check), not of the
   * store.
   */
  private static boolean isDataError(Exception e) {
    if (e instanceof IllegalArgumentException) {
      return true;
    }
    SQLException s = (SQLException) e;
    while (s != null) {
      String state = s.getSQLState();
      if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
        return true;
      }
      s = s.getNextException();
    }
    return false;
  }

  private void count(List<Decoded> rows) {
    for (Decoded d : rows) {
      rowCounters.get(d.record().topic()).increment();
    }
    rowsWritten.addAndGet(rows.size());
  }

  private void deadLetter(ConsumerRecord<String, byte[]> r, String code, Exception cause) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setReasonCode(code)
            .setReason(String.valueOf(cause.getMessage()))
            .setSourceTopic(r.topic())
            .setSourcePartition(r.partition())
            .setSourceOffset(r.offset())
            .setSourceTimestamp(Instant.ofEpochMilli(r.timestamp()))
            .setOriginalKey(
                r.key() == null
                    ? null
                    : ByteBuffer.wrap(r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .setOriginalValue(r.value() == null ? null : ByteBuffer.wrap(r.value()))
            .setApplication(APPLICATION)
            .setDetectedAt(Instant.now())
            .build();
    try {
      deadLetters
          .send(
              new ProducerRecord<>(
                  TopicCatalog.DEAD_LETTER.name(),
                  r.key() == null
                      ? null
                      : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  letter))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted dead-lettering " + r.topic() + "@" + r.offset(), e);
    } catch (ExecutionException e) {
      // not written: fail the poll so it is retried rather than the record lost
      throw new IllegalStateException(
          "cannot dead-letter " + r.topic() + "-" + r.partition() + "@" + r.offset(), e);
    }
    deadLettered.incrementAndGet();
    deadLetterCounter.increment();
    LOG.warn(
        "dead-lettered {}-{}@{} ({}): {}",
        r.topic(),
        r.partition(),
        r.offset(),
        code,
        cause.getMessage());
  }

  private void retention() {
    long now = System.nanoTime();
    if (now < nextRetentionNanos) {
      return;
    }
    nextRetentionNanos = now + settings.retentionEvery().toNanos();
    try {
      Connection c = connection();
      long deleted = 0;
      try (Statement st = c.createStatement()) {
        for (String table : PanelTables.ALL.stream().map(PanelTable::table).distinct().toList()) {
          deleted +=
              st.executeUpdate(
                  "DELETE FROM "
                      + table
                      + " WHERE stored_at < now() - interval '"
                      + settings.retention().toSeconds()
                      + " seconds'");
        }
      }
      c.commit();
      deletedCounter.increment(deleted);
      if (deleted > 0) {
        LOG.info(
            "retention deleted {} rows stored more than {} ago", deleted, settings.retention());
      }
    } catch (SQLException e) {
      LOG.warn(
          "retention failed ({}); trying again in {}", e.getMessage(), settings.retentionEvery());
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      LOG.debug("closing a failed connection: {}", e.getMessage());
    }
    connection = null;
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Rows upserted since start. */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  /** Records dead-lettered since start. */
  public long deadLettered() {
    return deadLettered.get();
  }

  @Override
  public void close() {
    running.set(false);
    if (thread != null) {
      try {
        thread.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly();
    deadLetters.close(Duration.ofSeconds(5));
  }
}
