package io.fabstream.drift.join;

import io.fabstream.schemas.GroundTruth;
import io.fabstream.schemas.LabelledPrediction;

/**
 * What the join emits: a labelled prediction, or a label it could not use (too late for its
 * source's window, or never matched by a verdict), which goes to the late-label topic whole.
 *
 * @param labelled the joined record, or null
 * @param late the unused label, or null
 * @param reason why the label was not used, null when joined
 */
public record JoinOutput(LabelledPrediction labelled, GroundTruth late, String reason) {}
