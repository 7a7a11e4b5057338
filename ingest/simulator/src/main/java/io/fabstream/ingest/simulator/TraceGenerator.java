package io.fabstream.ingest.simulator;

import io.fabstream.schemas.TraceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Generates a chamber's FDC trace for one wafer run: every sensor sampled at the trace rate,
 * following the recipe step's setpoint through a first-order response (so step changes take a
 * moment to settle), with a small run-to-run offset and autocorrelated noise. An injected fault
 * changes one sensor during one step: DRIFT ramps it away, STEP_CHANGE offsets it, SPIKE adds a few
 * large excursions, STUCK freezes it at the step's first reading, NOISE_BURST inflates its noise.
 */
public final class TraceGenerator {

  /** Source field of simulated records. */
  public static final String SOURCE = "fabstream-simulator";

  private static final double SETTLING_SECONDS = 0.4;
  private static final double NOISE_AUTOCORRELATION = 0.5;
  private static final double RUN_OFFSET_SIGMAS = 0.3;

  private final SimulatorConfig config;
  private final List<String> sensorNames;
  private final long periodMillisTimes1000;
  private final java.util.List<SensorShift> shifts;

  /** A generator for the config's recipe, sensors and trace rate. */
  public TraceGenerator(SimulatorConfig config) {
    this(config, java.util.List.of());
  }

  /** The same with sensors that shift from a point in time on. */
  public TraceGenerator(SimulatorConfig config, java.util.List<SensorShift> shifts) {
    this.config = config;
    this.shifts = java.util.List.copyOf(shifts);
    this.sensorNames = config.sensors().stream().map(SensorSpec::name).toList();
    this.periodMillisTimes1000 = Math.round(1_000_000.0 / config.traceRateHz());
  }

  /** Samples in one step of the recipe at the trace rate (at least one). */
  public int samplesInStep(int stepIndex) {
    RecipeStep step = config.recipe().steps().get(stepIndex);
    return Math.max(
        1, (int) Math.round(step.duration().toMillis() / 1000.0 * config.traceRateHz()));
  }

  /** The trace of {@code run}, in time order. */
  public List<TraceSample> trace(ChamberRun run, RandomGenerator rng) {
    List<SensorSpec> sensors = config.sensors();
    List<RecipeStep> steps = config.recipe().steps();
    int faultedSensor = run.fault().map(f -> sensorNames.indexOf(f.sensor())).orElse(-1);
    if (run.fault().isPresent()
        && (faultedSensor < 0 || run.fault().get().stepIndex() >= steps.size())) {
      throw new IllegalArgumentException("fault " + run.fault().get() + " does not fit the recipe");
    }
    int n = sensors.size();
    double dt = 1.0 / config.traceRateHz();
    double alpha = 1 - Math.exp(-dt / SETTLING_SECONDS);
    double innovation = Math.sqrt(1 - NOISE_AUTOCORRELATION * NOISE_AUTOCORRELATION);
    double[] level = new double[n];
    double[] offset = new double[n];
    double[] noise = new double[n];
    for (int s = 0; s < n; s++) {
      level[s] = steps.get(0).setpoint(sensors.get(s));
      offset[s] = RUN_OFFSET_SIGMAS * sensors.get(s).noiseSigma() * rng.nextGaussian();
    }
    for (SensorShift shift : shifts) {
      int s = sensorNames.indexOf(shift.sensor());
      if (s < 0) {
        throw new IllegalArgumentException(
            "shifted sensor " + shift.sensor() + " is not simulated");
      }
      if (shift.applies(run)) {
        offset[s] += shift.offsetSigmas() * sensors.get(s).noiseSigma();
      }
    }
    List<TraceSample> samples = new ArrayList<>();
    long sampleIndex = 0;
    for (int stepIndex = 0; stepIndex < steps.size(); stepIndex++) {
      RecipeStep step = steps.get(stepIndex);
      int count = samplesInStep(stepIndex);
      int current = stepIndex;
      FaultEffect effect =
          run.fault()
              .filter(f -> f.stepIndex() == current)
              .map(
                  f -> new FaultEffect(f, sensors.get(sensorNames.indexOf(f.sensor())), count, rng))
              .orElse(null);
      for (int j = 0; j < count; j++) {
        List<Double> values = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
          SensorSpec sensor = sensors.get(s);
          level[s] += (step.setpoint(sensor) - level[s]) * alpha;
          double sigma = sensor.noiseSigma();
          boolean faulted = effect != null && s == faultedSensor;
          double noiseFactor = faulted ? effect.noiseFactor() : 1.0;
          noise[s] =
              NOISE_AUTOCORRELATION * noise[s]
                  + innovation * sigma * noiseFactor * rng.nextGaussian();
          double value = level[s] + offset[s] + noise[s];
          values.add(sensor.reading(faulted ? effect.apply(j, value) : value));
        }
        Instant time = run.start().plusMillis(sampleIndex * periodMillisTimes1000 / 1000);
        samples.add(
            new TraceSample(
                run.tool(),
                run.chamber(),
                config.recipe().name(),
                step.name(),
                run.lot(),
                run.waferId(),
                time,
                sensorNames,
                values,
                SOURCE));
        sampleIndex++;
      }
    }
    return samples;
  }

  /** How a fault changes its sensor within its step. */
  private static final class FaultEffect {
    private final InjectedFault fault;
    private final double sigma;
    private final int count;
    private final double sign;
    private final boolean[] spikes;
    private double stuckValue = Double.NaN;

    FaultEffect(InjectedFault fault, SensorSpec sensor, int count, RandomGenerator rng) {
      this.fault = fault;
      this.sigma = sensor.noiseSigma();
      this.count = count;
      this.sign = rng.nextBoolean() ? 1 : -1;
      this.spikes = new boolean[count];
      if (fault.kind() == FaultKind.SPIKE) {
        int wanted = Math.max(2, Math.min(count, 3 + rng.nextInt(4)));
        for (int placed = 0; placed < wanted; ) {
          int at = rng.nextInt(count);
          if (!spikes[at]) {
            spikes[at] = true;
            placed++;
          }
        }
      }
    }

    double noiseFactor() {
      return fault.kind() == FaultKind.NOISE_BURST ? Math.max(3, fault.magnitudeSigma() / 1.5) : 1;
    }

    double apply(int j, double value) {
      double m = fault.magnitudeSigma() * sigma;
      return switch (fault.kind()) {
        case DRIFT -> value + sign * m * (j + 1) / count;
        case STEP_CHANGE -> value + sign * m;
        case SPIKE -> spikes[j] ? value + (j % 2 == 0 ? 1.5 : -1.5) * m : value;
        case STUCK -> {
          if (Double.isNaN(stuckValue)) {
            stuckValue = value;
          }
          yield stuckValue;
        }
        case NOISE_BURST -> value;
      };
    }
  }
}
