package io.fabstream.ingest.validation;

/**
 * Why a raw record was sent to the dead-letter topic. The names are stable: they are written into
 * {@code DeadLetter.reasonCode}, used as a metric tag and matched by people who replay fixed
 * records, so rename nothing, only add.
 */
public enum ReasonCode {
  /** The value is null (a tombstone): raw topics carry no deletes. */
  NULL_VALUE("value is null (tombstone)"),
  /** The value does not start with magic byte 0 and a 4-byte schema id. */
  NOT_FRAMED("value is not in the Confluent wire format"),
  /** The schema id in the frame is not known to the schema registry. */
  UNKNOWN_SCHEMA_ID("schema id not found in the registry"),
  /** The Avro body cannot be decoded with the writer schema. */
  UNDECODABLE("Avro body cannot be decoded"),
  /** The writer schema is a different record than the topic carries. */
  WRONG_RECORD_TYPE("record type does not belong on this topic"),
  /** A required identifying field (wafer id, lot, tool, ...) is blank. */
  MISSING_FIELD("required field is blank"),
  /** The event time is before the oldest plausible event time. */
  EVENT_TIME_TOO_OLD("event time before the oldest plausible time"),
  /** The event time is later than now plus the allowed clock skew. */
  EVENT_TIME_IN_FUTURE("event time too far in the future"),
  /** A wafer's carrier slot is outside 1..max slot. */
  SLOT_OUT_OF_RANGE("slot outside the carrier"),
  /** The die grid's rows or columns are not within 1..max grid side. */
  DIE_GRID_SHAPE("die grid rows or columns out of range"),
  /** The die grid does not hold rows x cols dies. */
  DIE_GRID_LENGTH("die grid length is not rows x cols"),
  /** A die holds a value other than 0 (no die), 1 (pass) or 2 (fail). */
  DIE_VALUE("die value not 0, 1 or 2"),
  /** The grid has no die on the wafer at all, so no yield can be computed. */
  DIE_GRID_EMPTY("die grid has no die on the wafer"),
  /** Bin codes are present but not one per die. */
  BIN_CODES_LENGTH("bin codes length is not rows x cols"),
  /** Sensor names and values differ in length. */
  SENSOR_ARRAYS_MISMATCH("sensor names and values differ in length"),
  /** A trace sample carries no sensor at all. */
  SENSORS_EMPTY("no sensors in the sample"),
  /** The same sensor name appears twice in one sample. */
  SENSOR_DUPLICATE("duplicate sensor name"),
  /** A sensor value is NaN or infinite. */
  SENSOR_NOT_FINITE("sensor value NaN or infinite"),
  /** A sensor value is outside its physical limits. */
  SENSOR_OUT_OF_RANGE("sensor value outside physical limits"),
  /** A lot event's type is UNKNOWN (a symbol this reader does not know). */
  LOT_EVENT_TYPE_UNKNOWN("lot event type unknown"),
  /** A MOVE lot event lacks the step or tool it moved to. */
  LOT_EVENT_INCOMPLETE("lot event lacks step or tool"),
  /** A lot event lists the same wafer twice, or more wafers than a carrier holds. */
  LOT_WAFER_LIST("lot event wafer list is inconsistent"),
  /**
   * A rule itself failed on the record; the record is kept so the bug can be fixed and replayed.
   */
  RULE_FAILURE("validation rule failed with an exception");

  private final String summary;

  ReasonCode(String summary) {
    this.summary = summary;
  }

  /** One-line meaning of the code, for documentation and the launcher's summary. */
  public String summary() {
    return summary;
  }
}
