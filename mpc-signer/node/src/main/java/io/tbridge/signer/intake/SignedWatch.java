package io.tbridge.signer.intake;

import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.core.wire.DecodeResult;
import io.tbridge.core.wire.SignedRefund;
import io.tbridge.core.wire.SignedRefundCodec;
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
 * cannot be paid whole; and {@code bridge.refunds.v1}, so that a node waiting on a refund learns it
 * was signed. Its own consumer group per node (every node sees every record); records that do not
 * decode are skipped (logged). {@link #caughtUp()} tells whether it has read to the end once.
 */
public final class SignedWatch implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(SignedWatch.class);

  private final Consumer<SignedRelease> sink;
  private final Consumer<SingleRequest> requests;
  private final Consumer<SignedRefund> refunds;
  private final String requestsTopic;
  private final String refundsTopic;
  private final SignedRefundCodec refundCodec = new SignedRefundCodec();
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
      Consumer<SingleRequest> requests,
      Consumer<SignedRefund> refunds) {
    this.consumer = new KafkaConsumer<>(KafkaClients.consumerConfig(settings, "signed", groupId));
    this.sink = sink;
    this.requests = requests;
    this.refunds = refunds;
    this.requestsTopic = settings.requestsTopic();
    this.refundsTopic = settings.refundsTopic();
    consumer.subscribe(
        List.of(settings.signedTopic(), settings.requestsTopic(), settings.refundsTopic()));
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
      } else if (r.topic().equals(refundsTopic)) {
        refundCodec.decode(r.value()).value().ifPresent(refunds);
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
