package io.fabstream.inference.train;

import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.inference.registry.ModelVersion;

/**
 * What a {@code fabstream train ...} run produced.
 *
 * @param version the published version
 * @param outcome the training loop's record
 * @param heldBack metrics on data training never saw
 * @param heldBackName what that data was
 */
public record TrainingRun(
    ModelVersion version,
    ClassifierTrainer.Outcome outcome,
    ClassificationMetrics heldBack,
    String heldBackName) {}
