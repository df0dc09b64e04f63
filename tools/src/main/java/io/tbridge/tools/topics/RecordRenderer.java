package io.tbridge.tools.topics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbridge.core.Hex;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DecodeResult;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka record as one JSON object: where it is (topic, partition, offset, timestamp), its key
 * in hex, and either the decoded {@code value} or the decode {@code error}. A dead letter also
 * carries its original record decoded with the original topic's codec ({@code original}), or why
 * that failed ({@code originalError}).
 */
final class RecordRenderer {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RecordRenderer() {}

  /** The JSON object of {@code r}, decoded as a record of {@code topic}. */
  static ObjectNode render(ConsumerRecord<byte[], byte[]> r, BridgeTopic topic) {
    ObjectNode o = JSON.objectNode();
    o.put("topic", r.topic());
    o.put("partition", r.partition());
    o.put("offset", r.offset());
    o.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
    o.set("key", r.key() == null ? JSON.nullNode() : JSON.textNode(Hex.encode(r.key())));
    DecodeResult<?> decoded = topic.codec().decode(r.value());
    if (decoded.error().isPresent()) {
      o.put("error", decoded.error().get().toString());
      return o;
    }
    Object value = decoded.value().orElseThrow();
    o.set("value", JsonValues.of(value));
    if (value instanceof DeadLetter letter) {
      original(letter, o);
    }
    return o;
  }

  private static void original(DeadLetter letter, ObjectNode o) {
    Optional<BridgeTopic> origin = BridgeTopic.of(letter.originalTopic());
    if (origin.isEmpty()) {
      o.put("originalError", "not a bridge topic: " + letter.originalTopic());
      return;
    }
    DecodeResult<?> decoded = origin.get().codec().decode(letter.originalValue().toByteArray());
    if (decoded.error().isPresent()) {
      o.put("originalError", decoded.error().get().toString());
    } else {
      o.set("original", JsonValues.of(decoded.value().orElseThrow()));
    }
  }
}
