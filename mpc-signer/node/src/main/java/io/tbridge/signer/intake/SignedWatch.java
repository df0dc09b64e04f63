package io.tbridge.signer.intake;

import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.core.wire.DecodeResult;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.SingleRequest;
import io.tbridge.core.wire.SingleRequestCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code bridge.signed.v1} so that a node outside a committee learns that a deposit it is
 * waiting on was signed, and a restarted node does not start attempts the others finished long ago;
 * and {@code bridge.requests.v1}, the submitter's requests for single releases of batches that
 * cannot be paid whole. Its own consumer group per node (every node sees every record); records
 * that do not decode are skipped (logged). {@link #caughtUp()} tells whether it has read to the end
 * once.
 */
public final class SignedWatch implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(SignedWatch.class);

  private final Consumer<SignedRelease> sink;
  private final Consumer<SingleRequest> requests;
  private final String requestsTopic;
  private final SignedReleaseCodec codec = new SignedReleaseCodec();
  private final SingleRequestCodec requestCodec = new SingleRequestCodec();
  private volatile boolean caughtUp;

  /**
   * A consumer of {@code settings.signedTopic()} and {@code settings.requestsTopic()} in group
   * {@code groupId}, feeding signed releases to {@code sink} and requests to {@code requests}.
   */
  public SignedWatch(
      KafkaSettings settings,
      String groupId,
      Consumer<SignedRelease> sink,
      Consumer<SingleRequest> requests) {
    this.consumer = new KafkaConsumer<>(KafkaClients.consumerConfig(settings, "signed", groupId));
    this.sink = sink;
    this.requests = requests;
    this.requestsTopic = settings.requestsTopic();
    consumer.subscribe(List.of(settings.signedTopic(), settings.requestsTopic()));
  }

  /** Polls once and hands every decodable record to its sink. */
  public void pollOnce(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      if (r.topic().equals(requestsTopic)) {
        DecodeResult<SingleRequest> d = requestCodec.decode(r.value());
        d.value().ifPresent(requests);
        d.error()
            .ifPresent(
                e ->
                    LOG.warnf(
                        "request record %s-%d@%d skipped: %s %s",
                        r.topic(), r.partition(), r.offset(), e.reason(), e.detail()));
      } else {
        codec.decode(r.value()).value().ifPresent(sink);
      }
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
