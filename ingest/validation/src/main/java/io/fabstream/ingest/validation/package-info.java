/**
 * Validation of raw fab records: the Kafka Streams app that sits between equipment and the rest of
 * the pipeline. Start it with {@link io.fabstream.ingest.validation.ValidationRunner}; the topology
 * itself is {@link io.fabstream.ingest.validation.ValidationApp#buildTopology}. The rules are pure
 * classes ({@link io.fabstream.ingest.validation.WaferMapRules}, {@link
 * io.fabstream.ingest.validation.TraceSampleRules}, {@link
 * io.fabstream.ingest.validation.LotEventRules}) so they can be tested without Kafka.
 */
package io.fabstream.ingest.validation;
