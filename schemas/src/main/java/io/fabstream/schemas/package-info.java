/**
 * The pipeline's contracts: Avro records generated from {@code src/main/avro}, the {@link
 * io.fabstream.schemas.TopicCatalog} every module takes topic names and serdes from, and the wire
 * format helpers. A schema change must stay BACKWARD compatible with the snapshot of its previous
 * version in {@code src/main/avro-history}; {@code SchemaCompatibilityTest} enforces that.
 */
package io.fabstream.schemas;
