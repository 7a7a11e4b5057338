package io.fabstream.inference.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelVersion;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a version's ONNX graph on ONNX Runtime. Input and output tensors wrap the caller's direct
 * buffers, so nothing is copied on the Java side. A CUDA request adds the CUDA execution provider;
 * when that throws (no GPU, the CPU artifact, or CUDA 12 / cuDNN 9 missing) the session is built
 * for the CPU instead and {@link #device()} says so.
 */
public final class OrtModelRunner implements ModelRunner {

  private static final Logger LOG = LoggerFactory.getLogger(OrtModelRunner.class);

  private final ModelVersion model;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String device;
  private final String inputName;
  private final String outputName;
  private final int outputSize;

  public OrtModelRunner(ModelVersion model, RunnerSettings settings, int outputSize) {
    this.model = model;
    this.outputSize = outputSize;
    this.env = OrtEnvironment.getEnvironment();
    String path = model.file(ModelManifest.ONNX_FILE).toString();
    String chosen = "cpu";
    OrtSession built = null;
    try {
      if (settings.wantsCuda()) {
        try (OrtSession.SessionOptions options = options(settings)) {
          options.addCUDA(settings.cudaIndex());
          built = env.createSession(path, options);
          chosen = "cuda:" + settings.cudaIndex();
        } catch (OrtException | RuntimeException e) {
          LOG.warn(
              "{}: ONNX Runtime cannot use CUDA device {} ({}); scoring on the CPU",
              model.tag(),
              settings.cudaIndex(),
              e.getMessage());
          chosen = "cpu (cuda unavailable)";
        }
      }
      if (built == null) {
        try (OrtSession.SessionOptions options = options(settings)) {
          built = env.createSession(path, options);
        }
      }
      this.session = built;
      this.inputName = session.getInputNames().iterator().next();
      this.outputName = session.getOutputNames().iterator().next();
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime cannot load " + path + ": " + e.getMessage(), e);
    }
    this.device = chosen;
    LOG.info("{} on onnxruntime, {} ({} thread(s))", model.tag(), device, settings.threads());
  }

  private static OrtSession.SessionOptions options(RunnerSettings settings) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(settings.threads());
    options.setInterOpNumThreads(1);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    return options;
  }

  @Override
  public ModelVersion model() {
    return model;
  }

  @Override
  public Engine engine() {
    return Engine.ONNXRUNTIME;
  }

  @Override
  public String device() {
    return device;
  }

  @Override
  public int outputSize() {
    return outputSize;
  }

  @Override
  public void run(FloatBuffer input, int n, long[] itemShape, FloatBuffer output) {
    long[] shape = new long[itemShape.length + 1];
    shape[0] = n;
    long items = n;
    for (int i = 0; i < itemShape.length; i++) {
      shape[i + 1] = itemShape[i];
      items *= itemShape[i];
    }
    FloatBuffer in = input.duplicate().position(0).limit(Math.toIntExact(items)).slice();
    FloatBuffer out = output.duplicate().position(0).limit(n * outputSize).slice();
    try (OnnxTensor x = OnnxTensor.createTensor(env, in, shape)) {
      if (out.isDirect()) {
        try (OnnxTensor y = OnnxTensor.createTensor(env, out, new long[] {n, outputSize});
            OrtSession.Result r =
                session.run(Map.of(inputName, x), Set.of(), Map.of(outputName, y))) {
          // the scores are in the caller's buffer; the result does not own the pinned tensor
          assert r.size() == 1;
        }
      } else {
        try (OrtSession.Result r = session.run(Map.of(inputName, x))) {
          out.put(((OnnxTensor) r.get(0)).getFloatBuffer());
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException(model.tag() + ": ONNX Runtime failed on a batch of " + n, e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("{}: closing the ONNX Runtime session failed", model.tag(), e);
    }
  }
}
