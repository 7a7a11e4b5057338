package io.fabstream.inference.scoring;

import io.fabstream.inference.registry.ModelIntegrityException;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.inference.runtime.ModelRunner;
import io.fabstream.inference.runtime.ModelRunners;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The champion scorer of one model name in one task slot, and the challenger beside it when shadow
 * mode is on. A new version is loaded (checksums verified, architecture checked, runner opened)
 * before the old one is closed, so a version that fails to load leaves the slot as it was.
 *
 * @param <I> decoded input
 * @param <O> prediction record
 */
final class ModelSlot<I, O> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

  private final ScoringKind<I, O> kind;
  private final ScoringSettings settings;
  private final ModelRegistry registry;
  private BatchScorer<I, O> champion;
  private BatchScorer<I, O> challenger;

  ModelSlot(ScoringKind<I, O> kind, ScoringSettings settings) {
    this.kind = kind;
    this.settings = settings;
    this.registry = new ModelRegistry(Path.of(settings.modelsDir()));
  }

  /** The registry's promoted version of the configured model. */
  int promotedVersion() {
    return registry.promotedVersion(settings.model());
  }

  BatchScorer<I, O> champion() {
    return champion;
  }

  /** The challenger, or null when shadow mode is off. */
  BatchScorer<I, O> challenger() {
    return challenger;
  }

  int championVersion() {
    return champion == null ? 0 : champion.runner().model().manifest().version();
  }

  int challengerVersion() {
    return challenger == null ? 0 : challenger.runner().model().manifest().version();
  }

  /**
   * Makes {@code version} the champion.
   *
   * @throws RuntimeException when it cannot be loaded; the current champion stays
   */
  void useChampion(int version) {
    if (champion != null && championVersion() == version) {
      return;
    }
    BatchScorer<I, O> next = open(version);
    BatchScorer<I, O> previous = champion;
    champion = next;
    LOG.info(
        "{} scorer: champion {} on {} ({})",
        kind.name(),
        next.runner().model().tag(),
        next.runner().engine().id(),
        next.runner().device());
    if (previous != null) {
      previous.close();
    }
  }

  /**
   * Makes {@code version} the challenger (0 turns shadow mode off).
   *
   * @throws RuntimeException when it cannot be loaded; the current challenger stays
   */
  void useChallenger(int version) {
    if (version == challengerVersion()) {
      return;
    }
    BatchScorer<I, O> next = version == 0 ? null : open(version);
    BatchScorer<I, O> previous = challenger;
    challenger = next;
    LOG.info(
        "{} scorer: challenger {}",
        kind.name(),
        next == null ? "off" : next.runner().model().tag());
    if (previous != null) {
      previous.close();
    }
  }

  /**
   * Refuses a version whose manifest is not the one the control record was issued for: the registry
   * this scorer reads then differs from the one the promotion was made in.
   */
  void checkIssued(int version, String manifestSha256) {
    if (manifestSha256 == null) {
      return;
    }
    String here =
        registry
            .index(settings.model())
            .entry(version)
            .map(ModelRegistry.Entry::manifestSha256)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        settings.model()
                            + " has no version "
                            + version
                            + " in "
                            + registry.root()));
    if (!here.equals(manifestSha256)) {
      throw new ModelIntegrityException(
          String.format(
              "%s v%d: the registry at %s records manifest SHA-256 %s but the change was issued for"
                  + " %s; refusing it",
              settings.model(), version, registry.root(), here, manifestSha256));
    }
  }

  private BatchScorer<I, O> open(int version) {
    ModelVersion loaded = registry.load(settings.model(), version);
    kind.check(loaded);
    ModelRunner runner = ModelRunners.open(loaded, settings.runner());
    try {
      return kind.scorer(runner, settings.maxBatch());
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (challenger != null) {
      challenger.close();
      challenger = null;
    }
    if (champion != null) {
      champion.close();
      champion = null;
    }
  }
}
