package io.tbridge.signer.output;

import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.kafka.RecordPublisher;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.SignedRefund;
import io.tbridge.core.wire.SignedRefundCodec;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.StatusEvent;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the node writes: signed releases on {@code bridge.signed.v1} and signed refunds on {@code
 * bridge.refunds.v1} (durable: acknowledged before the node counts a deposit as signed), lifecycle
 * events on {@code bridge.status.v1} (best effort) and dead letters. Every member of a signing
 * committee publishes the same signed release; the submitter de-duplicates, so a member that
 * crashes after signing never loses the signature.
 */
public final class SignerPublisher implements AutoCloseable {

  private final RecordPublisher records;
  private final KafkaSettings settings;
  private final SignedReleaseCodec codec = new SignedReleaseCodec();
  private final SignedRefundCodec refundCodec = new SignedRefundCodec();

  /** A publisher over {@code records}, writing to the topics of {@code settings}. */
  public SignerPublisher(RecordPublisher records, KafkaSettings settings) {
    this.records = records;
    this.settings = settings;
  }

  /** Publishes a signed release and waits for Kafka's acknowledgement. */
  public void signed(SignedRelease release) {
    records.sendDurably(
        List.of(
            new ProducerRecord<>(
                settings.signedTopic(), codec.key(release), codec.encode(release))),
        "signed release");
  }

  /** Publishes a signed refund and waits for Kafka's acknowledgement. */
  public void refund(SignedRefund refund) {
    records.sendDurably(
        List.of(
            new ProducerRecord<>(
                settings.refundsTopic(), refundCodec.key(refund), refundCodec.encode(refund))),
        "signed refund");
  }

  /** Publishes a lifecycle event (never throws). */
  public void status(StatusEvent event) {
    records.status(event);
  }

  /** Publishes a dead letter and waits for its acknowledgement. */
  public void deadLetter(DeadLetter letter) {
    records.deadLetter(letter);
  }

  @Override
  public void close() {
    records.close();
  }
}
