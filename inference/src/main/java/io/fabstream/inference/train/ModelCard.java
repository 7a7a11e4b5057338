package io.fabstream.inference.train;

import io.fabstream.inference.eval.ClassificationMetrics;
import io.fabstream.inference.registry.ModelManifest;
import java.util.List;
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
    return render(
        draft,
        purpose,
        architecture,
        data,
        heldBackName,
        heldBack,
        List.of(outcome),
        extra,
        reproduce,
        citation);
  }

  /**
   * The same for a model of several separately trained members (a bag): one row per member instead
   * of one network's epoch table.
   */
  public static String render(
      ModelManifest draft,
      String purpose,
      String architecture,
      String data,
      String heldBackName,
      ClassificationMetrics heldBack,
      List<ClassifierTrainer.Outcome> outcomes,
      String extra,
      String reproduce,
      String citation) {
    if (outcomes.isEmpty()) {
      throw new IllegalArgumentException("a model card needs at least one training outcome");
    }
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
    if (outcomes.size() == 1) {
      epochs(md, outcomes.get(0));
    } else {
      members(md, outcomes);
    }
    md.append("\nSettings: `").append(draft.training().get("settings")).append("`\n\n");
    if (!extra.isBlank()) {
      md.append(extra).append("\n\n");
    }
    md.append("## Reproduce\n\n```\n").append(reproduce).append("\n```\n\n");
    md.append("## Data citation\n\n").append(citation).append('\n');
    return md.toString();
  }

  private static void members(StringBuilder md, List<ClassifierTrainer.Outcome> outcomes) {
    double minutes = outcomes.stream().mapToLong(o -> o.elapsed().toMillis()).sum() / 60000.0;
    md.append(
        String.format(
            Locale.ROOT,
            "%d members, %.1f minutes in all on %s; each member trained on its own %d-fold share"
                + " of the training runs and stopped early on the rest.%n%n",
            outcomes.size(),
            minutes,
            machine(),
            outcomes.size()));
    md.append(
        "| member | epochs | best epoch | early-stop macro-F1 | minutes |\n|---:|---:|---:|---:|---:|\n");
    for (int m = 0; m < outcomes.size(); m++) {
      ClassifierTrainer.Outcome o = outcomes.get(m);
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %d | %.4f | %.1f |%n",
              m,
              o.history().size(),
              o.bestEpoch(),
              o.validation().macroF1(),
              o.elapsed().toMillis() / 60000.0));
    }
  }

  private static void epochs(StringBuilder md, ClassifierTrainer.Outcome outcome) {
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
