package io.tbridge.chain.testing;

import io.tbridge.chain.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka helpers for tests: unique topic names, reading a topic, writing raw records. */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** Settings with topics unique to one test (prefix + random suffix). */
  public static KafkaSettings settings(String bootstrap) {
    String p = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    return new KafkaSettings(
        bootstrap,
        "relayer-test",
        p + "bridge.locks.v1",
        p + "bridge.signed.v1",
        p + "bridge.status.v1",
        p + "bridge.requests.v1",
        p + "bridge.refunds.v1",
        p + "relayer-submitter",
        Duration.ofSeconds(20),
        Map.of());
  }

  /** Reads records from the start of {@code topic} until {@code expected} arrived or 20 s pass. */
  public static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrap, String topic, int expected) {
    Map<String, Object> c =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Writes one raw record and waits for the acknowledgement. */
  public static void write(String bootstrap, String topic, byte[] key, byte[] value) {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write to " + topic, e);
    }
  }
}
