package io.tbridge.signer.intake;

import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.kafka.OffsetTracker;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DecodeError;
import io.tbridge.core.wire.DecodeResult;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.signer.output.SignerPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Reads {@code bridge.locks.v1} in this node's own consumer group (every signer must see every
 * lock, so groups are per node, never shared) and hands each decoded hint to the {@link
 * LockIntake}. Offsets are committed only up to the oldest unsettled record. Records that do not
 * decode go to the dead-letter topic with the reason and never stop the consumer.
 */
public final class LockConsumer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LockConsumer.class);

  private final Consumer<byte[], byte[]> consumer;
  private final LockIntake intake;
  private final SignerPublisher publisher;
  private final Clock clock;
  private final String node;
  private final ObservedLockCodec codec = new ObservedLockCodec();
  private final Map<TopicPartition, OffsetTracker> trackers = new ConcurrentHashMap<>();
  private final LongAdder received = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  /**
   * A consumer of {@code settings.locksTopic()} in group {@code groupId}.
   *
   * @param node this node's name, for logs and dead-letter details
   */
  public LockConsumer(
      KafkaSettings settings,
      String groupId,
      String node,
      LockIntake intake,
      SignerPublisher publisher,
      Clock clock) {
    this.consumer = new KafkaConsumer<>(KafkaClients.consumerConfig(settings, "locks", groupId));
    this.intake = intake;
    this.publisher = publisher;
    this.clock = clock;
    this.node = node;
    consumer.subscribe(
        List.of(settings.locksTopic()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
            partitions.forEach(trackers::remove);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
  }

  /** Exports the consumer's Kafka client metrics (records-lag-max and friends) to {@code r}. */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry r) {
    new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer).bindTo(r);
  }

  /** Polls once, hands the records over and commits what is settled. */
  public void pollOnce(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      handle(r);
    }
    commit();
  }

  /** Lock records received so far. */
  public long received() {
    return received.sum();
  }

  /** Lock records that did not decode. */
  public long rejected() {
    return rejected.sum();
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    received.increment();
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    OffsetTracker t = trackers.computeIfAbsent(tp, k -> new OffsetTracker());
    long offset = r.offset();
    t.open(offset);
    DecodeResult<LockEvent> decoded = codec.decode(r.value());
    if (decoded.error().isPresent()) {
      rejected.increment();
      DecodeError error = decoded.error().get();
      LOG.warnf(
          "node=%s lock record %s-%d@%d refused: %s %s",
          node, r.topic(), r.partition(), offset, error.reason(), error.detail());
      publisher.deadLetter(
          DeadLetter.of(
              r.topic(), r.key(), r.value(), error, Instant.ofEpochMilli(clock.millis())));
      t.close(offset);
      return;
    }
    intake.accept(decoded.value().orElseThrow(), () -> t.close(offset));
  }

  private void commit() {
    OffsetTracker.commitAll(
        consumer,
        trackers,
        e ->
            LOG.warnf(
                "node=%s lock offset commit failed (records will be redelivered): %s", node, e));
  }

  /** Wakes a blocked poll (for shutdown from another thread). */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    commit();
    consumer.close(Duration.ofSeconds(5));
  }
}
