package io.fabstream.ingest.simulator;

import io.fabstream.schemas.DefectPattern;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that shapes the simulated fab. Two runs with equal configs (seed included) produce
 * identical records, so a config is the whole description of a demo or test scenario. {@link
 * #defaults()} gives a small etch bay (2 tools x 2 chambers, 20 sensors at 10 Hz, a 4-step recipe,
 * 3 products); the {@code with...} methods change one setting; the constructor rejects impossible
 * settings with a message naming the field.
 *
 * @param seed seed of every random draw
 * @param startTime event time of the first lot start (paced runs use the wall clock instead)
 * @param products products; each lot builds one, drawn at random
 * @param etchTools etch tools, lots assigned round robin
 * @param inspectionTool tool that takes the wafer maps after etch
 * @param recipe recipe every chamber runs
 * @param sensors sensors of every chamber, in trace order
 * @param traceRateHz trace samples per second per chamber
 * @param patternMix relative weight of each wafer-map pattern (need not sum to 1)
 * @param faultProbability probability that a wafer's run gets a fault
 * @param faultKinds faults to draw from
 * @param groundTruthDelay time from a subject (inspection, end of run) until its label is known
 * @param speedUp event time per wall-clock time in paced runs (10 = ten fab seconds per second)
 * @param wafersPerLot wafers in each lot (a carrier holds 25)
 */
public record SimulatorConfig(
    long seed,
    Instant startTime,
    List<ProductSpec> products,
    List<ToolSpec> etchTools,
    String inspectionTool,
    Recipe recipe,
    List<SensorSpec> sensors,
    double traceRateHz,
    Map<DefectPattern, Double> patternMix,
    double faultProbability,
    List<FaultKind> faultKinds,
    Duration groundTruthDelay,
    double speedUp,
    int wafersPerLot) {

  /** Event time of the first lot in unpaced runs. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-06T06:00:00Z");

  public SimulatorConfig {
    products = List.copyOf(products);
    etchTools = List.copyOf(etchTools);
    sensors = List.copyOf(sensors);
    faultKinds = List.copyOf(faultKinds);
    if (startTime == null) {
      throw new IllegalArgumentException("startTime must be set");
    }
    startTime = Instant.ofEpochMilli(startTime.toEpochMilli());
    if (products.isEmpty()) {
      throw new IllegalArgumentException("products must not be empty");
    }
    requireUnique("product", products.stream().map(ProductSpec::name).toList());
    if (etchTools.isEmpty()) {
      throw new IllegalArgumentException("etchTools must not be empty");
    }
    requireUnique("etch tool", etchTools.stream().map(ToolSpec::name).toList());
    if (inspectionTool == null || inspectionTool.isBlank()) {
      throw new IllegalArgumentException("inspectionTool must be set");
    }
    if (recipe == null) {
      throw new IllegalArgumentException("recipe must be set");
    }
    if (sensors.isEmpty()) {
      throw new IllegalArgumentException("sensors must not be empty");
    }
    List<String> sensorNames = sensors.stream().map(SensorSpec::name).toList();
    requireUnique("sensor", sensorNames);
    for (RecipeStep step : recipe.steps()) {
      for (String sensor : step.setpoints().keySet()) {
        if (!sensorNames.contains(sensor)) {
          throw new IllegalArgumentException(
              "recipe step " + step.name() + " sets unknown sensor '" + sensor + "'");
        }
      }
    }
    if (!(traceRateHz > 0) || traceRateHz > 1000) {
      throw new IllegalArgumentException("traceRateHz must be in (0, 1000], got " + traceRateHz);
    }
    patternMix = validMix(patternMix);
    if (!(faultProbability >= 0 && faultProbability <= 1)) {
      throw new IllegalArgumentException(
          "faultProbability must be in [0, 1], got " + faultProbability);
    }
    if (faultProbability > 0 && faultKinds.isEmpty()) {
      throw new IllegalArgumentException("faultKinds must not be empty when faultProbability > 0");
    }
    if (groundTruthDelay == null || groundTruthDelay.isNegative()) {
      throw new IllegalArgumentException(
          "groundTruthDelay must be zero or positive, got " + groundTruthDelay);
    }
    if (!(speedUp > 0) || Double.isInfinite(speedUp)) {
      throw new IllegalArgumentException("speedUp must be > 0, got " + speedUp);
    }
    if (wafersPerLot < 1 || wafersPerLot > 25) {
      throw new IllegalArgumentException("wafersPerLot must be in 1..25, got " + wafersPerLot);
    }
  }

  /** The default etch bay: seed 42, defect-rich pattern mix, 10% faulty runs, labels 2 min late. */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig(
        42L,
        DEFAULT_START,
        List.of(
            new ProductSpec("P26-LOGIC", 26, 26, 1),
            new ProductSpec("P32-SENSOR", 32, 30, 1),
            new ProductSpec("P45-MEMORY", 45, 45, 2)),
        List.of(
            new ToolSpec("ETCH-01", List.of("PM1", "PM2")),
            new ToolSpec("ETCH-02", List.of("PM1", "PM2"))),
        "INSP-01",
        DefaultEtchBay.recipe(),
        DefaultEtchBay.sensors(),
        10.0,
        DefaultEtchBay.patternMix(),
        0.10,
        List.of(FaultKind.values()),
        Duration.ofMinutes(2),
        1.0,
        25);
  }

  /** Share of each pattern, normalised to sum to 1. */
  public Map<DefectPattern, Double> patternShares() {
    double total = patternMix.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<DefectPattern, Double> shares = new EnumMap<>(DefectPattern.class);
    patternMix.forEach((p, w) -> shares.put(p, w / total));
    return shares;
  }

  public SimulatorConfig withSeed(long seed) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withStartTime(Instant startTime) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withProducts(List<ProductSpec> products) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withTraceRateHz(double traceRateHz) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withPatternMix(Map<DefectPattern, Double> patternMix) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withFaults(double faultProbability, List<FaultKind> faultKinds) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withGroundTruthDelay(Duration groundTruthDelay) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withSpeedUp(double speedUp) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  public SimulatorConfig withWafersPerLot(int wafersPerLot) {
    return new SimulatorConfig(
        seed,
        startTime,
        products,
        etchTools,
        inspectionTool,
        recipe,
        sensors,
        traceRateHz,
        patternMix,
        faultProbability,
        faultKinds,
        groundTruthDelay,
        speedUp,
        wafersPerLot);
  }

  private static Map<DefectPattern, Double> validMix(Map<DefectPattern, Double> mix) {
    if (mix == null || mix.isEmpty()) {
      throw new IllegalArgumentException("patternMix must not be empty");
    }
    Map<DefectPattern, Double> copy = new EnumMap<>(DefectPattern.class);
    double total = 0;
    for (Map.Entry<DefectPattern, Double> e : mix.entrySet()) {
      Double w = e.getValue();
      if (e.getKey() == null || w == null || !(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "patternMix weights must be finite and >= 0, got " + e.getKey() + "=" + w);
      }
      copy.put(e.getKey(), w);
      total += w;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("patternMix weights must sum to more than 0");
    }
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(copy));
  }

  private static void requireUnique(String what, List<String> names) {
    Set<String> seen = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (String n : names) {
      if (!seen.add(n)) {
        duplicates.add(n);
      }
    }
    if (!duplicates.isEmpty()) {
      throw new IllegalArgumentException("duplicate " + what + " names: " + duplicates);
    }
  }
}
