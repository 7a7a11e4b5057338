/**
 * Performance estimation before ground truth arrives: isotonic calibration of model confidences and
 * confidence-based performance estimation (CBPE).
 */
package io.fabstream.drift.estimate;
