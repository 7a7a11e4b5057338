package io.fabstream.registry;

import io.fabstream.schemas.WaferMap;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Schemas and records the registry tests share. */
final class TestSchemas {

  private TestSchemas() {}

  /** A unique subject name, so tests on the shared registry do not see each other's subjects. */
  static String subject(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
  }

  /** Record {@code name} with a required {@code id} and {@code extra} optional int fields. */
  static String record(String name, int extra) {
    StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
    for (int i = 1; i <= extra; i++) {
      fields.append(",{\"name\":\"x").append(i).append("\",\"type\":\"int\",\"default\":0}");
    }
    return "{\"type\":\"record\",\"name\":\""
        + name
        + "\",\"namespace\":\"io.fabstream.test\",\"fields\":["
        + fields
        + "]}";
  }

  /** Like {@link #record} plus a required field without default: not backward compatible. */
  static String recordWithRequired(String name, String field) {
    return "{\"type\":\"record\",\"name\":\""
        + name
        + "\",\"namespace\":\"io.fabstream.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
        + "{\"name\":\""
        + field
        + "\",\"type\":\"long\"}]}";
  }

  static WaferMap waferMap(String waferId) {
    return WaferMap.newBuilder()
        .setWaferId(waferId)
        .setLot("LOT-0042")
        .setSlot(7)
        .setProduct("PX-100")
        .setTool("INSP-3")
        .setStep("M1-ETCH")
        .setInspectedAt(Instant.ofEpochMilli(1_700_000_123_456L))
        .setRows(2)
        .setCols(3)
        .setDies(ByteBuffer.wrap(new byte[] {0, 1, 2, 1, 1, 0}))
        .setBinCodes(List.of(0, 1, 7, 1, 1, 0))
        .setSource("registry-test")
        .build();
  }
}
