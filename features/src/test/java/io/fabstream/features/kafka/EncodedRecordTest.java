package io.fabstream.features.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** The shared sink's record: a Flink POJO, written to its own topic as it is. */
class EncodedRecordTest {

  @Test
  void travelsAsAFlinkPojoNotThroughKryo() {
    assertThat(TypeInformation.of(EncodedRecord.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void theSharedSinkWritesEachRecordToItsOwnTopicUnchanged() {
    byte[] key = "ETCH-01/0".getBytes(StandardCharsets.UTF_8);
    byte[] value = {0, 0, 0, 0, 7, 42};
    EncodedRecord deadLetter = new EncodedRecord("fab.dead-letter", key, value);

    var record = EncodedRecord.writer().serialize(deadLetter, null, 1L);

    assertThat(record.topic()).isEqualTo("fab.dead-letter");
    assertThat(record.key()).isEqualTo(key);
    assertThat(record.value()).isEqualTo(value);
    assertThat(deadLetter).isEqualTo(new EncodedRecord("fab.dead-letter", key, value.clone()));
    assertThat(deadLetter).isNotEqualTo(new EncodedRecord("fab.predictions", key, value));
  }
}
