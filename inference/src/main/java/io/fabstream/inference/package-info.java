/**
 * Models that score wafers and sensor windows: how they are shaped and trained on real fab data
 * ({@code wafer}, {@code trace}, {@code train}), written as ONNX graphs ({@code onnx}), versioned
 * and checksummed ({@code registry}), run on ONNX Runtime or DJL PyTorch ({@code runtime}), and
 * measured ({@code eval}).
 */
package io.fabstream.inference;
