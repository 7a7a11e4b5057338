package io.fabstream.ingest.replay;

import io.fabstream.platform.progress.ProgressBar;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one public dataset into a {@link ReplaySink}: wafers in file order, records at the
 * configured rate (or as fast as possible), each wafer's label held back until the replayed event
 * time passes its delay, with a progress bar on the console. This is the entry point behind {@code
 * fabstream replay}: {@code new DatasetReplay(config).run(new KafkaReplaySink(bootstrap,
 * registry))}.
 */
public final class DatasetReplay {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetReplay.class);

  private final ReplayConfig config;
  private final PrintStream progressOut;

  /** A replay drawing its progress bar on {@code System.err}. */
  public DatasetReplay(ReplayConfig config) {
    this(config, System.err);
  }

  /** A replay drawing its progress bar on {@code progressOut}. */
  public DatasetReplay(ReplayConfig config, PrintStream progressOut) {
    this.config = config;
    this.progressOut = progressOut;
  }

  /** Replays until the file (or the limit) ends; flushes the sink but does not close it. */
  public ReplaySummary run(ReplaySink sink) {
    return run(sink, () -> true);
  }

  /**
   * Replays until the file or the limit ends or {@code keepRunning} turns false (checked before
   * each wafer); pending labels are still sent. Flushes the sink but does not close it.
   */
  public ReplaySummary run(ReplaySink sink, BooleanSupplier keepRunning) {
    long started = System.nanoTime();
    long total = config.limit() > 0 ? config.limit() : countWafers();
    RatePacer pacer = new RatePacer(config.ratePerSecond());
    PendingLabels labels = new PendingLabels();
    long wafers = 0;
    long maps = 0;
    long samples = 0;
    long sentLabels = 0;
    Instant watermark = Instant.MIN;
    String task = "replay " + config.kind().name().toLowerCase(java.util.Locale.ROOT);
    try (DatasetReader reader = config.kind().open(config.path());
        ProgressBar bar = new ProgressBar(task, total, progressOut)) {
      while ((config.limit() == 0 || wafers < config.limit())
          && keepRunning.getAsBoolean()
          && reader.hasNext()) {
        ReplayWafer wafer = reader.next();
        for (WaferMap map : wafer.maps()) {
          pacer.awaitNext();
          sink.onWaferMap(map);
          maps++;
          watermark = later(watermark, map.getInspectedAt());
        }
        for (TraceSample sample : wafer.samples()) {
          pacer.awaitNext();
          sink.onTraceSample(sample);
          samples++;
          watermark = later(watermark, sample.getEventTime());
        }
        labels.add(wafer.groundTruth(config.labelDelay()));
        sentLabels += labels.releaseUpTo(watermark, sink::onGroundTruth);
        wafers++;
        bar.step(1);
      }
      sentLabels += labels.releaseAll(sink::onGroundTruth);
      sink.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not close " + config.path(), e);
    }
    ReplaySummary summary =
        new ReplaySummary(
            wafers, maps, samples, sentLabels, Duration.ofNanos(System.nanoTime() - started));
    LOG.info(
        "replayed {} wafers of {} from {}: {} maps, {} samples, {} labels in {} ms",
        wafers,
        config.kind(),
        config.path(),
        maps,
        samples,
        sentLabels,
        summary.elapsed().toMillis());
    return summary;
  }

  private long countWafers() {
    long n = 0;
    try (DatasetReader reader = config.kind().open(config.path())) {
      while (reader.hasNext()) {
        reader.next();
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + config.path(), e);
    }
    return n;
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }
}
