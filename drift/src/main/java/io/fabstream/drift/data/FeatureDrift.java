package io.fabstream.drift.data;

/**
 * One feature's comparison with its reference in one window.
 *
 * @param feature the feature
 * @param psi population stability index of the window against the reference
 * @param test the two-sample test used: {@code ks} (continuous) or {@code chi2} (categorical)
 * @param statistic the test's statistic (KS D, or Pearson's X^2)
 * @param pValue its p-value
 * @param n values of the feature in the window
 * @param drifted whether the feature counts as drifted under the check's rule
 */
public record FeatureDrift(
    String feature,
    double psi,
    String test,
    double statistic,
    double pValue,
    long n,
    boolean drifted) {}
