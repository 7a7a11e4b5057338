package io.fabstream.ingest.validation;

import io.fabstream.schemas.LotEvent;
import io.fabstream.schemas.LotEventType;
import io.fabstream.schemas.TraceSample;
import io.fabstream.schemas.WaferMap;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test data in fab language: wafers of a lot, samples of a chamber, lot movements. */
final class FabFixtures {

  /** The wall clock every rule test runs at. */
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  static final long NOW_MILLIS = NOW.toEpochMilli();

  private FabFixtures() {}

  /** A good 3 x 3 wafer map of {@code lot} in {@code slot}: 5 dies, one failing. */
  static WaferFixture wafer(String lot, int slot) {
    return new WaferFixture(lot, slot);
  }

  /** A good sample of {@code tool}/{@code chamber} with chamber pressure and RF power. */
  static SampleFixture sample(String tool, String chamber) {
    return new SampleFixture(tool, chamber);
  }

  /** A lot released with {@code wafers}. */
  static LotEventFixture lotStart(String lot, String... wafers) {
    return new LotEventFixture(lot, LotEventType.START).withWafers(wafers);
  }

  /** A lot moved into {@code step} on {@code tool}. */
  static LotEventFixture lotMove(String lot, String step, String tool) {
    return new LotEventFixture(lot, LotEventType.MOVE).atStep(step).onTool(tool);
  }

  /** A lot finished after {@code lastStep}. */
  static LotEventFixture lotEnd(String lot, String lastStep) {
    return new LotEventFixture(lot, LotEventType.END).atStep(lastStep);
  }

  static final class WaferFixture {
    private final WaferMap.Builder map;

    private WaferFixture(String lot, int slot) {
      map =
          WaferMap.newBuilder()
              .setWaferId(String.format("%s-W%02d", lot, slot))
              .setLot(lot)
              .setSlot(slot)
              .setProduct("DRAM8G")
              .setTool("INSP01")
              .setStep("M1_INSPECT")
              .setInspectedAt(NOW.minusSeconds(60))
              .setRows(3)
              .setCols(3)
              .setDies(ByteBuffer.wrap(new byte[] {0, 1, 0, 1, 2, 1, 0, 1, 0}))
              .setBinCodes(null)
              .setSource("test");
    }

    WaferFixture withWaferId(String id) {
      map.setWaferId(id);
      return this;
    }

    WaferFixture withTool(String tool) {
      map.setTool(tool);
      return this;
    }

    WaferFixture withProduct(String product) {
      map.setProduct(product);
      return this;
    }

    /** Keeps the grid shape, replaces the dies. */
    WaferFixture withDies(int... dies) {
      byte[] bytes = new byte[dies.length];
      for (int i = 0; i < dies.length; i++) {
        bytes[i] = (byte) dies[i];
      }
      map.setDies(ByteBuffer.wrap(bytes));
      return this;
    }

    WaferFixture withGrid(int rows, int cols) {
      map.setRows(rows).setCols(cols);
      return this;
    }

    /** A rows x cols grid of passing dies. */
    WaferFixture withPassingGrid(int rows, int cols) {
      byte[] dies = new byte[rows * cols];
      Arrays.fill(dies, (byte) 1);
      map.setRows(rows).setCols(cols).setDies(ByteBuffer.wrap(dies));
      return this;
    }

    WaferFixture withBinCodes(Integer... codes) {
      map.setBinCodes(List.of(codes));
      return this;
    }

    WaferFixture inspectedAt(Instant when) {
      map.setInspectedAt(when);
      return this;
    }

    WaferFixture inSlot(int slot) {
      map.setSlot(slot);
      return this;
    }

    WaferMap build() {
      return map.build();
    }
  }

  static final class SampleFixture {
    private final TraceSample.Builder sample;
    private final List<String> names = new ArrayList<>(List.of("chamber_pressure", "rf_power"));
    private final List<Double> values = new ArrayList<>(List.of(35.0, 500.0));

    private SampleFixture(String tool, String chamber) {
      sample =
          TraceSample.newBuilder()
              .setTool(tool)
              .setChamber(chamber)
              .setRecipe("POLY_ETCH_A")
              .setRecipeStep("MAIN_ETCH")
              .setLot("LOT1")
              .setWafer("LOT1-W01")
              .setEventTime(NOW.minusSeconds(1))
              .setSource("test");
    }

    /** Sets {@code name} to {@code value}, adding the sensor if the sample lacks it. */
    SampleFixture withSensor(String name, double value) {
      int i = names.indexOf(name);
      if (i >= 0) {
        values.set(i, value);
      } else {
        names.add(name);
        values.add(value);
      }
      return this;
    }

    /** Appends a sensor even if the name is already there. */
    SampleFixture withExtraReading(String name, double value) {
      names.add(name);
      values.add(value);
      return this;
    }

    SampleFixture withoutSensors() {
      names.clear();
      values.clear();
      return this;
    }

    /** Drops the last value so names and values no longer line up. */
    SampleFixture withMissingValue() {
      values.remove(values.size() - 1);
      return this;
    }

    SampleFixture ofWafer(String lot, String wafer) {
      sample.setLot(lot).setWafer(wafer);
      return this;
    }

    SampleFixture inRecipe(String recipe) {
      sample.setRecipe(recipe);
      return this;
    }

    SampleFixture at(Instant when) {
      sample.setEventTime(when);
      return this;
    }

    TraceSample build() {
      return sample.setSensorNames(List.copyOf(names)).setSensorValues(List.copyOf(values)).build();
    }
  }

  static final class LotEventFixture {
    private final LotEvent.Builder event;

    private LotEventFixture(String lot, LotEventType type) {
      event =
          LotEvent.newBuilder()
              .setLot(lot)
              .setProduct("DRAM8G")
              .setEventType(type)
              .setStep(null)
              .setTool(null)
              .setWaferIds(List.of())
              .setEventTime(NOW.minusSeconds(10));
    }

    LotEventFixture atStep(String step) {
      event.setStep(step);
      return this;
    }

    LotEventFixture onTool(String tool) {
      event.setTool(tool);
      return this;
    }

    LotEventFixture withWafers(String... wafers) {
      event.setWaferIds(List.of(wafers));
      return this;
    }

    LotEventFixture withWafers(List<String> wafers) {
      event.setWaferIds(wafers);
      return this;
    }

    LotEventFixture withProduct(String product) {
      event.setProduct(product);
      return this;
    }

    LotEventFixture ofType(LotEventType type) {
      event.setEventType(type);
      return this;
    }

    LotEventFixture at(Instant when) {
      event.setEventTime(when);
      return this;
    }

    LotEvent build() {
      return event.build();
    }
  }
}
