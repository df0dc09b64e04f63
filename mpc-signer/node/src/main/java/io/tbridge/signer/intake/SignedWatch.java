package io.tbridge.signer.intake;

import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.core.wire.DecodeResult;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code bridge.signed.v1} so that a node outside a committee learns that a deposit it is
 * waiting on was signed, and a restarted node does not start attempts the others finished long ago.
 * Its own consumer group per node; records that do not decode are skipped (the relayer's submitter
 * dead-letters them). {@link #caughtUp()} tells whether it has read to the end once.
 */
public final class SignedWatch implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Consumer<SignedRelease> sink;
  private final SignedReleaseCodec codec = new SignedReleaseCodec();
  private volatile boolean caughtUp;

  /**
   * A consumer of {@code settings.signedTopic()} in group {@code groupId}, feeding {@code sink}.
   */
  public SignedWatch(KafkaSettings settings, String groupId, Consumer<SignedRelease> sink) {
    this.consumer = new KafkaConsumer<>(KafkaClients.consumerConfig(settings, "signed", groupId));
    this.sink = sink;
    consumer.subscribe(List.of(settings.signedTopic()));
  }

  /** Polls once and hands every decodable signed release to the sink. */
  public void pollOnce(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      DecodeResult<SignedRelease> d = codec.decode(r.value());
      d.value().ifPresent(sink);
    }
    consumer.commitSync();
    if (!caughtUp && !consumer.assignment().isEmpty()) {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      caughtUp =
          end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
  }

  /** Whether the history present at start has been read. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Wakes a blocked poll (for shutdown from another thread). */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
