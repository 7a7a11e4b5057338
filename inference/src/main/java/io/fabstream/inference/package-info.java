/**
 * The wafer-map CNN and the trace sequence model: training on real data, ONNX export, the versioned
 * model registry and the runtimes (ONNX Runtime, DJL PyTorch). Empty until the models stage lands.
 */
package io.fabstream.inference;
