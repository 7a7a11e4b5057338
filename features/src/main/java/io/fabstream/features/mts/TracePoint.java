package io.fabstream.features.mts;

import io.fabstream.features.kafka.RegistryRecordReader;
import io.fabstream.features.kafka.RejectedRecord;
import io.fabstream.schemas.TraceSample;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One trace sample as the MTS job carries it: flat arrays rather than Avro lists, so Flink's POJO
 * serializer moves it cheaply between operators, plus the Kafka coordinates the window's lineage
 * needs. A sample that could not be decoded carries only {@link #rejected}.
 */
public class TracePoint {
  public String tool;
  public String chamber;
  public String recipe;
  public String recipeStep;
  public String lot;
  public String wafer;
  public long eventTime;
  public String[] sensorNames;
  public double[] sensorValues;
  public String source;
  public String topic;
  public int partition;
  public long offset;
  public RejectedRecord rejected;

  public TracePoint() {}

  /** The point for a decoded sample read at {@code topic/partition/offset}. */
  public static TracePoint of(TraceSample sample, String topic, int partition, long offset) {
    TracePoint p = new TracePoint();
    p.tool = sample.getTool();
    p.chamber = sample.getChamber();
    p.recipe = sample.getRecipe();
    p.recipeStep = sample.getRecipeStep();
    p.lot = sample.getLot();
    p.wafer = sample.getWafer();
    p.eventTime = sample.getEventTime().toEpochMilli();
    p.sensorNames = sample.getSensorNames().toArray(new String[0]);
    p.sensorValues = new double[sample.getSensorValues().size()];
    for (int i = 0; i < p.sensorValues.length; i++) {
      p.sensorValues[i] = sample.getSensorValues().get(i);
    }
    if (p.sensorNames.length != p.sensorValues.length) {
      throw new IllegalArgumentException(
          "sample has "
              + p.sensorNames.length
              + " sensor names but "
              + p.sensorValues.length
              + " values");
    }
    p.source = sample.getSource();
    p.topic = topic;
    p.partition = partition;
    p.offset = offset;
    return p;
  }

  /** A point standing for a record that could not be used. */
  public static TracePoint rejected(RejectedRecord rejected) {
    TracePoint p = new TracePoint();
    p.rejected = rejected;
    p.eventTime = rejected.timestamp;
    return p;
  }

  /** Whether this stands for a rejected record. */
  public boolean isRejected() {
    return rejected != null;
  }

  /** The key the MTS job partitions by: one sequence per tool, chamber and recipe. */
  public String sequenceKey() {
    return tool + "/" + chamber + "/" + recipe;
  }

  /** Back to the Avro record, for the late-data topic. */
  public TraceSample toSample() {
    return TraceSample.newBuilder()
        .setTool(tool)
        .setChamber(chamber)
        .setRecipe(recipe)
        .setRecipeStep(recipeStep)
        .setLot(lot)
        .setWafer(wafer)
        .setEventTime(Instant.ofEpochMilli(eventTime))
        .setSensorNames(Arrays.asList(sensorNames))
        .setSensorValues(Arrays.stream(sensorValues).boxed().toList())
        .setSource(source)
        .build();
  }

  /** Converter for {@link RegistryRecordReader} on the trace-samples topic. */
  public static final class Reader
      implements RegistryRecordReader.Converter<TraceSample, TracePoint> {
    private static final long serialVersionUID = 1L;

    @Override
    public TracePoint decoded(TraceSample value, ConsumerRecord<byte[], byte[]> record) {
      return of(value, record.topic(), record.partition(), record.offset());
    }

    @Override
    public TracePoint rejected(RejectedRecord rejected) {
      return TracePoint.rejected(rejected);
    }
  }
}
