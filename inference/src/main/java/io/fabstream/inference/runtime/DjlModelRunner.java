package io.fabstream.inference.runtime;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.fabstream.inference.djl.DjlEnvironment;
import io.fabstream.inference.network.Network;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelVersion;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a version's DJL parameters on the PyTorch engine: the block is rebuilt from the manifest's
 * architecture and its weights loaded from {@code model.djl.params}. A CUDA request needs a
 * CUDA-enabled libtorch 2.7.1 installed locally and named by {@code PYTORCH_LIBRARY_PATH} (Maven
 * Central ships only CPU natives for it); without a visible GPU it runs on the CPU and {@link
 * #device()} says so.
 */
public final class DjlModelRunner implements ModelRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DjlModelRunner.class);

  private final ModelVersion model;
  private final Network network;
  private final Model djl;
  private final ParameterStore store;
  private final Device djlDevice;
  private final String device;

  public DjlModelRunner(ModelVersion model, RunnerSettings settings) {
    DjlEnvironment.configure(settings.threads());
    this.model = model;
    this.network = Network.of(model.manifest().architecture());
    String chosen = "cpu";
    Device target = Device.cpu();
    if (settings.wantsCuda()) {
      int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
      if (gpus > settings.cudaIndex()) {
        target = Device.gpu(settings.cudaIndex());
        chosen = "cuda:" + settings.cudaIndex();
      } else {
        chosen = "cpu (cuda unavailable)";
        LOG.warn(
            "{}: DJL PyTorch sees {} GPU(s){}; scoring on the CPU",
            model.tag(),
            gpus,
            DjlEnvironment.libtorchPath().isPresent()
                ? ""
                : " and no CUDA libtorch is set in " + DjlEnvironment.LIBTORCH_PATH);
      }
    }
    this.djlDevice = target;
    this.device = chosen;
    this.djl = Model.newInstance(model.tag(), target, "PyTorch");
    Block block = network.build();
    djl.setBlock(block);
    try (InputStream in = Files.newInputStream(model.file(ModelManifest.DJL_FILE));
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
      block.loadParameters(djl.getNDManager(), data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + model.file(ModelManifest.DJL_FILE), e);
    } catch (MalformedModelException e) {
      throw new IllegalStateException(
          model.tag()
              + ": parameters do not fit the architecture "
              + model.manifest().architecture(),
          e);
    }
    this.store = new ParameterStore(djl.getNDManager(), false);
    LOG.info("{} on djl-pytorch, {}", model.tag(), device);
  }

  @Override
  public ModelVersion model() {
    return model;
  }

  @Override
  public Engine engine() {
    return Engine.DJL_PYTORCH;
  }

  @Override
  public String device() {
    return device;
  }

  @Override
  public int outputSize() {
    return network.outputSize();
  }

  @Override
  public void run(FloatBuffer input, int n, long[] itemShape, FloatBuffer output) {
    Shape shape = new Shape(n).addAll(new Shape(itemShape));
    int items = Math.toIntExact(shape.size());
    FloatBuffer in = input.duplicate().position(0).limit(items).slice();
    try (NDManager manager = djl.getNDManager().newSubManager(djlDevice)) {
      NDArray x = manager.create(in, shape);
      NDList out = djl.getBlock().forward(store, new NDList(x), false);
      float[] scores = network.scores(out).toFloatArray();
      output.duplicate().position(0).put(scores);
    }
  }

  @Override
  public void close() {
    djl.close();
  }
}
