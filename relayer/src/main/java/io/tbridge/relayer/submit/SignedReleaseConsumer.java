package io.tbridge.relayer.submit;

import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.kafka.OffsetTracker;
import io.tbridge.core.ChainId;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DecodeError;
import io.tbridge.core.wire.DecodeResult;
import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.relayer.publish.KafkaPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Feeds {@code bridge.signed.v1} into the submitters of the destination chains.
 *
 * <p>Offsets are committed only up to the oldest record whose job is not finished, so a record
 * waiting for a retry (a paused bridge) never blocks newer ones from being sent, yet is redelivered
 * after a restart. Redelivered and duplicate records are harmless: the submitter checks on chain
 * and de-duplicates in flight. Records that do not decode, or name a chain this relayer does not
 * serve, go to the dead-letter topic with the reason.
 */
public final class SignedReleaseConsumer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SignedReleaseConsumer.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Map<ChainId, ReleaseSubmitter> submitters;
  private final KafkaPublisher publisher;
  private final Clock clock;
  private final SignedReleaseCodec codec = new SignedReleaseCodec();
  private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();

  /** A consumer in the submitter group of {@code settings}. */
  public SignedReleaseConsumer(
      KafkaSettings settings,
      Map<ChainId, ReleaseSubmitter> submitters,
      KafkaPublisher publisher,
      Clock clock) {
    this.consumer = new KafkaConsumer<>(consumerConfig(settings));
    this.submitters = Map.copyOf(submitters);
    this.publisher = publisher;
    this.clock = clock;
    consumer.subscribe(
        List.of(settings.signedTopic()),
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

  /** Consumer properties: the shared conventions, in the submitter group. */
  public static Map<String, Object> consumerConfig(KafkaSettings s) {
    return KafkaClients.consumerConfig(s, "submitter", s.consumerGroup());
  }

  /** Polls once, hands records to the submitters, lets them work, commits what is finished. */
  public void pollOnce(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      handle(r);
    }
    for (ReleaseSubmitter s : submitters.values()) {
      s.tick();
    }
    commit();
  }

  /** Jobs not finished in any submitter. */
  public int unfinished() {
    return submitters.values().stream().mapToInt(ReleaseSubmitter::unfinished).sum();
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    OffsetTracker t = trackers.computeIfAbsent(tp, k -> new OffsetTracker());
    long offset = r.offset();
    t.open(offset);
    byte[] key = r.key() == null ? new byte[0] : r.key();
    DecodeResult<SignedRelease> decoded = codec.decode(r.value());
    if (decoded.error().isPresent()) {
      deadLetter(r, decoded.error().get());
      t.close(offset);
      return;
    }
    SignedRelease release = decoded.value().orElseThrow();
    ReleaseSubmitter s = submitters.get(release.destination().chainId());
    if (s == null) {
      deadLetter(
          r,
          DecodeError.of(
              RejectReason.REJECTED_BY_POLICY,
              "no submitter for destination chain " + release.destination().chainId()));
      t.close(offset);
      return;
    }
    s.submit(new SubmitJob(release, key, r.value(), () -> t.close(offset)));
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, DecodeError error) {
    publisher.deadLetter(
        DeadLetter.of(r.topic(), r.key(), r.value(), error, Instant.ofEpochMilli(clock.millis())));
  }

  private void commit() {
    OffsetTracker.commitAll(
        consumer,
        trackers,
        e -> LOG.warnf("offset commit failed (records will be redelivered): %s", e.toString()));
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
