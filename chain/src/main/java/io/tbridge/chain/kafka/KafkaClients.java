package io.tbridge.chain.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Kafka client settings every service uses, so that delivery guarantees are decided once:
 * producers are idempotent with {@code acks=all} and a bounded delivery time; consumers commit
 * manually. Property names are Kafka's own (no dependency on the client library here).
 */
public final class KafkaClients {

  private KafkaClients() {}

  /** Producer properties: idempotence, acks=all, bounded delivery time, byte[] serializers. */
  public static Map<String, Object> producerConfig(KafkaSettings s, String clientSuffix) {
    Objects.requireNonNull(clientSuffix, "clientSuffix");
    Map<String, Object> c = new HashMap<>(s.extra());
    c.put("bootstrap.servers", s.bootstrapServers());
    c.put("client.id", s.clientId() + "-" + clientSuffix);
    c.put("acks", "all");
    c.put("enable.idempotence", true);
    c.put("max.in.flight.requests.per.connection", 5);
    c.put("linger.ms", 5);
    int timeoutMs = (int) s.sendTimeout().toMillis();
    c.put("delivery.timeout.ms", timeoutMs);
    c.put("request.timeout.ms", Math.max(1, Math.min(timeoutMs - 5, 30_000)));
    c.put("max.block.ms", timeoutMs);
    c.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    c.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    return c;
  }

  /**
   * Consumer properties: manual commits, a new group starts from the beginning of the topic (a
   * consumer that joins late must still see every record), byte[] deserializers.
   */
  public static Map<String, Object> consumerConfig(
      KafkaSettings s, String clientSuffix, String groupId) {
    Objects.requireNonNull(clientSuffix, "clientSuffix");
    Objects.requireNonNull(groupId, "groupId");
    Map<String, Object> c = new HashMap<>(s.extra());
    c.put("bootstrap.servers", s.bootstrapServers());
    c.put("client.id", s.clientId() + "-" + clientSuffix);
    c.put("group.id", groupId);
    c.put("enable.auto.commit", false);
    c.put("auto.offset.reset", "earliest");
    c.put("max.poll.records", 200);
    c.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    c.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return c;
  }

  /**
   * Consumer properties of a reader outside every consumer group (operator tools): no group id, so
   * it can only {@code assign} partitions and never commits offsets or joins a service's group;
   * byte[] deserializers.
   */
  public static Map<String, Object> readerConfig(KafkaSettings s, String clientSuffix) {
    Map<String, Object> c = consumerConfig(s, clientSuffix, "unused");
    c.remove("group.id");
    c.put("enable.auto.commit", false);
    return c;
  }
}
