package io.fabstream.ingest.simulator;

import java.time.Duration;
import java.util.List;

/**
 * The process recipe every etch chamber runs: an ordered list of steps. One recipe is enough for
 * the demo; faults are tied to a step of it.
 *
 * @param name recipe name
 * @param steps steps in run order
 */
public record Recipe(String name, List<RecipeStep> steps) {

  public Recipe {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("recipe name must be set");
    }
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("recipe " + name + " needs at least one step");
    }
    if (steps.stream().map(RecipeStep::name).distinct().count() != steps.size()) {
      throw new IllegalArgumentException("recipe " + name + " has duplicate step names");
    }
  }

  /** Time one wafer spends in the chamber. */
  public Duration duration() {
    return steps.stream().map(RecipeStep::duration).reduce(Duration.ZERO, Duration::plus);
  }
}
