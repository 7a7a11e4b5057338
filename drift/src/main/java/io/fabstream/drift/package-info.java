/**
 * Kafka Streams apps that join predictions with late ground truth, measure model and data drift,
 * alert engineers and request retraining. Empty until the drift stage lands.
 */
package io.fabstream.drift;
