package io.fabstream.inference.train;

import ai.djl.Model;
import io.fabstream.inference.network.Network;
import io.fabstream.inference.registry.ModelManifest;
import io.fabstream.inference.registry.ModelRegistry;
import io.fabstream.inference.registry.ModelVersion;
import io.fabstream.schemas.DriftReferenceSample;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a trained model's two engine files (ONNX graph, DJL parameters) and its card into a
 * staging directory and publishes them as the next version in the registry.
 */
public final class ModelPublisher {

  private ModelPublisher() {}

  /**
   * {@link #publish(ModelRegistry, Network, Model, ModelManifest, String, DriftReferenceSample,
   * boolean)} without a drift reference.
   */
  public static ModelVersion publish(
      ModelRegistry registry,
      Network network,
      Model trained,
      ModelManifest draft,
      String card,
      boolean promote) {
    return publish(registry, network, trained, draft, card, null, promote);
  }

  /**
   * @param card markdown model card; {@code {{VERSION}}} is replaced by the version number
   * @param reference what the model's inputs and outputs looked like in training, published with
   *     the engine files (and under the same checksums) for the drift apps; null for none
   */
  public static ModelVersion publish(
      ModelRegistry registry,
      Network network,
      Model trained,
      ModelManifest draft,
      String card,
      DriftReferenceSample reference,
      boolean promote) {
    int version = registry.nextVersion(draft.name());
    Path staging;
    try {
      staging = Files.createTempDirectory("fabstream-model-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a staging directory", e);
    }
    try {
      Files.write(
          staging.resolve(ModelManifest.ONNX_FILE),
          network.toOnnx(trained.getBlock(), Integer.toString(version)));
      try (OutputStream file = Files.newOutputStream(staging.resolve(ModelManifest.DJL_FILE));
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
        trained.getBlock().saveParameters(out);
      }
      Files.writeString(
          staging.resolve(ModelManifest.CARD_FILE),
          card.replace("{{VERSION}}", Integer.toString(version)));
      if (reference != null) {
        reference.write(staging.resolve(DriftReferenceSample.FILE));
      }
      ModelVersion published = registry.publish(draft, staging);
      if (published.manifest().version() != version) {
        throw new IllegalStateException(
            "registry published v"
                + published.manifest().version()
                + " while v"
                + version
                + " was expected");
      }
      if (promote) {
        registry.promote(draft.name(), version);
      }
      return published;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + draft.name() + " in " + staging, e);
    } finally {
      deleteTree(staging);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete staging directory " + dir, e);
    }
  }
}
