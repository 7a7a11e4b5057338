package io.fabstream.drift.data;

/**
 * One feature's comparison with its reference in one window.
 *
 * @param feature the feature
 * @param psi population stability index of the window against the reference
 * @param ksD two-sample KS statistic
 * @param ksPValue its p-value
 * @param n values of the feature in the window
 * @param drifted whether the feature counts as drifted under the check's rule
 */
public record FeatureDrift(
    String feature, double psi, double ksD, double ksPValue, long n, boolean drifted) {}
