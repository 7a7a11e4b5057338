package io.fabstream.inference.train;

import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.inference.registry.ModelManifest;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown card published with every model version: what it is for, how it was built, what data
 * and split it saw, its held-back figures with the confusion matrix, how training went, and the
 * data's citation. {@code {{VERSION}}} is filled in at publication.
 */
public final class ModelCard {

  private ModelCard() {}

  /**
   * @param purpose one paragraph: what the model scores and what its outputs mean
   * @param architecture one paragraph on the network and its cost
   * @param data one paragraph on the data and the split
   * @param heldBackName what the held-back metrics were measured on
   * @param extra further sections (markdown), may be empty
   * @param reproduce the command that trains this version again
   * @param citation how to cite the data
   */
  public static String render(
      ModelManifest draft,
      String purpose,
      String architecture,
      String data,
      String heldBackName,
      ClassificationMetrics heldBack,
      ClassifierTrainer.Outcome outcome,
      String extra,
      String reproduce,
      String citation) {
    StringBuilder md = new StringBuilder();
    md.append("# Model card: ").append(draft.name()).append(" v{{VERSION}}\n\n");
    md.append(purpose).append("\n\n");
    md.append("## Architecture\n\n").append(architecture).append("\n\n");
    md.append("Input `").append(draft.input().name()).append("` ").append(draft.input().shape());
    md.append(" (").append(draft.input().layout()).append("); output `scores`: ");
    md.append(String.join(", ", draft.outputColumns())).append(".\n\n");
    md.append("## Data and split\n\n").append(data).append("\n\n");
    md.append("Training data SHA-256: `").append(draft.trainingData().sha256()).append("`");
    md.append(" over ").append(draft.trainingData().files().keySet()).append(".\n\n");
    md.append("## Held-back metrics (").append(heldBackName).append(")\n\n");
    md.append(heldBack.markdown()).append('\n');
    md.append("## Training\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%.1f minutes on %s, %d epochs, best epoch %d (stopped: %s); early-stopping macro-F1 %.4f.%n%n",
            outcome.elapsed().toMillis() / 60000.0,
            machine(),
            outcome.history().size(),
            outcome.bestEpoch(),
            outcome.stopReason(),
            outcome.validation().macroF1()));
    md.append(
        "| epoch | items | loss | val accuracy | val macro-F1 | seconds |\n|---:|---:|---:|---:|---:|---:|\n");
    for (ClassifierTrainer.EpochRecord e : outcome.history()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.4f | %.4f | %.4f | %.1f |%n",
              e.epoch(),
              e.items(),
              e.trainLoss(),
              e.validationAccuracy(),
              e.validationMacroF1(),
              e.seconds()));
    }
    md.append("\nSettings: `").append(draft.training().get("settings")).append("`\n\n");
    if (!extra.isBlank()) {
      md.append(extra).append("\n\n");
    }
    md.append("## Reproduce\n\n```\n").append(reproduce).append("\n```\n\n");
    md.append("## Data citation\n\n").append(citation).append('\n');
    return md.toString();
  }

  private static String machine() {
    Map<String, String> env = System.getenv();
    return Runtime.getRuntime().availableProcessors()
        + " CPU cores ("
        + System.getProperty("os.arch")
        + ", Java "
        + System.getProperty("java.version")
        + ")"
        + (env.containsKey("CI") ? ", CI" : "");
  }
}
