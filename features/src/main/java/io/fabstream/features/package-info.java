/**
 * Flink jobs that turn validated trace samples into fixed-shape multivariate windows and track lots
 * (yield, fail density, per-step sensor summaries). Empty until the features stage lands; the
 * module exists now so the build, the launcher and the topic catalog already have its place.
 */
package io.fabstream.features;
