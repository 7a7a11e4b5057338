package io.fabstream.ingest.simulator;

import io.fabstream.schemas.TraceSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled production history of the simulated etch bay, cut the way the feature job cuts the
 * live stream into step-aligned windows: one segment per wafer x recipe step. No public dataset has
 * this bay's sensors, so a trace model for it can only learn from the bay's own history, as a fab
 * would for a new tool type; the simulator knows which step of which wafer got which fault, which
 * is the ground truth a real fab only gets later from review.
 */
public final class ChamberHistory {

  /**
   * One wafer's run through one recipe step.
   *
   * @param waferId wafer id
   * @param tool etch tool
   * @param chamber chamber
   * @param step recipe step name
   * @param stepIndex recipe step index (0-based)
   * @param label {@code normal}, or the label of the fault injected into this step
   * @param series {@code [S][n]} readings, sensors in the config's order
   */
  public record StepSegment(
      String waferId,
      String tool,
      String chamber,
      String step,
      int stepIndex,
      String label,
      double[][] series) {

    /** Whether a fault acted during this step. */
    public boolean faulty() {
      return !"normal".equals(label);
    }
  }

  private ChamberHistory() {}

  /** Sensor names in trace order. */
  public static List<String> sensorNames(SimulatorConfig config) {
    return config.sensors().stream().map(SensorSpec::name).toList();
  }

  /**
   * Every step segment of the first {@code lots} lots the config plans, generated exactly as a
   * simulator run with the same config would emit them.
   */
  public static List<StepSegment> stepSegments(SimulatorConfig config, int lots) {
    if (lots < 1) {
      throw new IllegalArgumentException("lots must be >= 1, got " + lots);
    }
    LotPlanner planner = new LotPlanner(config, config.startTime());
    TraceGenerator traces = new TraceGenerator(config);
    int sensors = config.sensors().size();
    List<RecipeStep> steps = config.recipe().steps();
    List<StepSegment> out = new ArrayList<>();
    for (long k = 0; k < lots; k++) {
      for (WaferPlan wafer : planner.plan(k).wafers()) {
        ChamberRun run = wafer.run();
        List<TraceSample> samples =
            traces.trace(run, Seeds.stream(config.seed(), "trace/" + wafer.waferId()));
        int at = 0;
        for (int s = 0; s < steps.size(); s++) {
          int count = traces.samplesInStep(s);
          double[][] series = new double[sensors][count];
          for (int j = 0; j < count; j++) {
            List<Double> values = samples.get(at + j).getSensorValues();
            for (int c = 0; c < sensors; c++) {
              series[c][j] = values.get(c);
            }
          }
          at += count;
          int stepIndex = s;
          String label =
              run.fault()
                  .filter(f -> f.stepIndex() == stepIndex)
                  .map(f -> f.kind().label())
                  .orElse("normal");
          out.add(
              new StepSegment(
                  wafer.waferId(),
                  run.tool(),
                  run.chamber(),
                  steps.get(s).name(),
                  s,
                  label,
                  series));
        }
      }
    }
    return out;
  }
}
