package io.fabstream.ingest.simulator;

import java.time.Instant;

/**
 * What a simulator run emitted, for the CLI's closing line and for tests.
 *
 * @param lots lots released
 * @param waferMaps wafer maps emitted
 * @param traceSamples trace samples emitted
 * @param lotEvents lot events emitted
 * @param labels ground-truth labels emitted
 * @param lastEventTime event time of the last record, or null when none was emitted
 */
public record SimulationSummary(
    long lots,
    long waferMaps,
    long traceSamples,
    long lotEvents,
    long labels,
    Instant lastEventTime) {}
