package io.fabstream.ingest.simulator;

import io.fabstream.schemas.DefectPattern;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default poly-etch setup behind {@link SimulatorConfig#defaults()}: twenty typical etch
 * chamber sensors, a four-step recipe whose setpoints move the plasma, gas and pressure groups the
 * way a real etch does, and a pattern mix near WM-811K's prevalence but with about twice the
 * defects, so every class shows up often enough in a short demo.
 */
final class DefaultEtchBay {

  private DefaultEtchBay() {}

  private static final String[] PLASMA = {
    "rf_forward_power",
    "rf_reflected_power",
    "dc_bias",
    "match_load_cap",
    "match_tune_cap",
    "oes_405nm",
    "oes_520nm",
    "endpoint_signal"
  };
  private static final String[] ETCH_GAS = {"cl2_flow", "hbr_flow"};
  private static final String[] PRESSURE = {
    "chamber_pressure", "throttle_valve_pos", "foreline_pressure"
  };

  static List<SensorSpec> sensors() {
    return List.of(
        new SensorSpec("rf_forward_power", "W", 600, 3),
        new SensorSpec("rf_reflected_power", "W", 8, 0.4),
        new SensorSpec("dc_bias", "V", -250, 2),
        new SensorSpec("chamber_pressure", "mTorr", 15, 0.15),
        new SensorSpec("he_flow", "sccm", 12, 0.15),
        new SensorSpec("he_pressure", "Torr", 8, 0.08),
        new SensorSpec("cl2_flow", "sccm", 100, 0.8),
        new SensorSpec("hbr_flow", "sccm", 150, 1.0),
        new SensorSpec("o2_flow", "sccm", 5, 0.1),
        new SensorSpec("cf4_flow", "sccm", 40, 0.4),
        new SensorSpec("chuck_temp", "degC", 60, 0.2),
        new SensorSpec("wall_temp", "degC", 80, 0.3),
        new SensorSpec("esc_voltage", "V", 1500, 5),
        new SensorSpec("throttle_valve_pos", "%", 35, 0.4),
        new SensorSpec("match_load_cap", "%", 45, 0.3),
        new SensorSpec("match_tune_cap", "%", 55, 0.3),
        new SensorSpec("oes_405nm", "a.u.", 1200, 12),
        new SensorSpec("oes_520nm", "a.u.", 800, 9),
        new SensorSpec("endpoint_signal", "a.u.", 1.0, 0.01),
        new SensorSpec("foreline_pressure", "mTorr", 120, 1.5));
  }

  static Recipe recipe() {
    return new Recipe(
        "POLY-ETCH-A",
        List.of(
            step("stabilize", 10, 0.05, 1.0, 0.1, 0.5, 1.2),
            step("breakthrough", 8, 0.8, 0.3, 1.0, 0.5, 0.7),
            step("main_etch", 30, 1.0, 1.0, 0.1, 1.0, 1.0),
            step("over_etch", 12, 0.6, 0.7, 0.1, 1.5, 1.1)));
  }

  static Map<DefectPattern, Double> patternMix() {
    Map<DefectPattern, Double> mix = new EnumMap<>(DefectPattern.class);
    mix.put(DefectPattern.NONE, 0.40);
    mix.put(DefectPattern.EDGE_RING, 0.16);
    mix.put(DefectPattern.EDGE_LOC, 0.11);
    mix.put(DefectPattern.CENTER, 0.10);
    mix.put(DefectPattern.LOC, 0.09);
    mix.put(DefectPattern.SCRATCH, 0.05);
    mix.put(DefectPattern.RANDOM, 0.04);
    mix.put(DefectPattern.DONUT, 0.03);
    mix.put(DefectPattern.NEAR_FULL, 0.02);
    return mix;
  }

  private static RecipeStep step(
      String name,
      int seconds,
      double plasma,
      double etchGas,
      double cf4,
      double o2,
      double press) {
    Map<String, SensorSpec> byName = new LinkedHashMap<>();
    sensors().forEach(s -> byName.put(s.name(), s));
    Map<String, Double> setpoints = new LinkedHashMap<>();
    for (String s : PLASMA) {
      setpoints.put(s, byName.get(s).nominal() * plasma);
    }
    for (String s : ETCH_GAS) {
      setpoints.put(s, byName.get(s).nominal() * etchGas);
    }
    for (String s : PRESSURE) {
      setpoints.put(s, byName.get(s).nominal() * press);
    }
    setpoints.put("cf4_flow", byName.get("cf4_flow").nominal() * cf4);
    setpoints.put("o2_flow", byName.get("o2_flow").nominal() * o2);
    return new RecipeStep(name, Duration.ofSeconds(seconds), setpoints);
  }
}
