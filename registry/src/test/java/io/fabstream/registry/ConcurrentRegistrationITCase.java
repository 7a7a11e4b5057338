package io.fabstream.registry;

import static io.fabstream.registry.RegistryHttp.enc;
import static io.fabstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabstream.registry.RegistryHttp.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Eight clients registering overlapping schemas at once get consistent ids (same content, same id)
 * and gap-free versions, without errors.
 */
class ConcurrentRegistrationITCase {

  @Test
  void concurrentRegistrationsAreConsistent() throws Exception {
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.shared();
    List<String> subjects = List.of(TestSchemas.subject("race-a"), TestSchemas.subject("race-b"));
    List<String> schemas =
        IntStream.range(0, 6).mapToObj(i -> TestSchemas.record("Race", i)).toList();
    Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
    List<String> conflicts = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long seed = t;
        tasks.add(
            pool.submit(
                () -> {
                  RegistryHttp api = new RegistryHttp(registry.confluentUrl());
                  List<String> mine = new ArrayList<>(schemas);
                  Collections.shuffle(mine, new Random(seed));
                  go.await();
                  for (String schema : mine) {
                    for (String subject : subjects) {
                      Reply r =
                          api.post("/subjects/" + enc(subject) + "/versions", schemaBody(schema));
                      assertThat(r.status()).as(r.text()).isEqualTo(200);
                      int id = r.json().get("id").asInt();
                      Integer previous = idBySchema.putIfAbsent(schema, id);
                      if (previous != null && previous != id) {
                        conflicts.add(schema + ": " + previous + " vs " + id);
                      }
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(conflicts).isEmpty();
    assertThat(idBySchema.values()).doesNotHaveDuplicates().hasSize(schemas.size());
    RegistryHttp api = new RegistryHttp(registry.confluentUrl());
    for (String subject : subjects) {
      assertThat(api.get("/subjects/" + enc(subject) + "/versions").json().toString())
          .isEqualTo("[1,2,3,4,5,6]");
      for (int v = 1; v <= 6; v++) {
        Reply version = api.get("/subjects/" + enc(subject) + "/versions/" + v);
        String schema = version.json().get("schema").asText();
        int id = version.json().get("id").asInt();
        assertThat(idBySchema).containsValue(id);
        assertThat(api.get("/schemas/ids/" + id).json().get("schema").asText()).isEqualTo(schema);
      }
    }
  }
}
