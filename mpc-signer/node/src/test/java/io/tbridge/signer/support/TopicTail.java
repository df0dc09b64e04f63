package io.tbridge.signer.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Collects every record of a topic from its beginning, in a background thread, until closed. */
public final class TopicTail implements AutoCloseable {
  private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Tails {@code topic}. */
  public TopicTail(String bootstrap, String topic) {
    thread =
        new Thread(
            () -> {
              Map<String, Object> c =
                  Map.of(
                      "bootstrap.servers",
                      bootstrap,
                      "group.id",
                      "tail-" + UUID.randomUUID(),
                      "auto.offset.reset",
                      "earliest");
              try (var consumer =
                  new KafkaConsumer<>(
                      c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (running) {
                  consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
              }
            },
            "tail-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  /** Every record so far. */
  public List<ConsumerRecord<byte[], byte[]>> records() {
    return List.copyOf(records);
  }

  /** Waits until {@code count} records match, or {@code timeout} passes; returns the matches. */
  public List<ConsumerRecord<byte[], byte[]>> await(
      Predicate<ConsumerRecord<byte[], byte[]>> match, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ConsumerRecord<byte[], byte[]>> m = records.stream().filter(match).toList();
      if (m.size() >= count || System.nanoTime() > deadline) {
        return m;
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
