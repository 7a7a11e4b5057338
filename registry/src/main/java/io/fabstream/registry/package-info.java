/**
 * An embedded schema registry that speaks the Confluent Schema Registry REST API and the subset of
 * Apicurio Registry v3 that Apicurio's Kafka serdes call, keeping its state in a compacted Kafka
 * topic, so the pipeline needs no separate registry process.
 */
package io.fabstream.registry;
