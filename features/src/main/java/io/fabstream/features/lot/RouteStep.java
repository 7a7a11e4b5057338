package io.fabstream.features.lot;

/**
 * One step of a lot's route, opened by a MOVE event: where the lot was when a window or map was
 * taken, so per-step features can be told apart (etch chamber behaviour versus inspection yield). A
 * Flink POJO inside {@link LotState}.
 */
public class RouteStep {

  /** Stable id within the lot (the order MOVEs were applied), naming the step's wafer tallies. */
  public int id;

  public String name;

  /** Event time of the MOVE into the step. */
  public long enteredAt;

  /** Sensor moments of the step-aligned windows taken while the lot was in this step. */
  public SensorMoments sensors = new SensorMoments();

  /** Step-aligned windows taken in this step that the window model called faulty. */
  public int anomalousWindows;

  public RouteStep() {}

  static RouteStep entered(int id, String name, long enteredAt) {
    RouteStep step = new RouteStep();
    step.id = id;
    step.name = name;
    step.enteredAt = enteredAt;
    return step;
  }
}
