package io.tbridge.relayer.submit;

import com.google.protobuf.ByteString;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.relayer.publish.KafkaPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Reports submitter outcomes to Kafka: status events and dead letters of the signed topic. */
public final class KafkaSubmitListener implements SubmitListener {

  private final KafkaPublisher publisher;
  private final String signedTopic;
  private final Clock clock;

  /** Reports through {@code publisher}; dead letters name {@code signedTopic} as their origin. */
  public KafkaSubmitListener(KafkaPublisher publisher, String signedTopic, Clock clock) {
    this.publisher = publisher;
    this.signedTopic = signedTopic;
    this.clock = clock;
  }

  @Override
  public void status(StatusEvent event) {
    publisher.status(event);
  }

  @Override
  public void deadLetter(SubmitJob job, RejectReason reason, String detail) {
    String d =
        detail.length() > DeadLetter.MAX_DETAIL_CHARS
            ? detail.substring(0, DeadLetter.MAX_DETAIL_CHARS)
            : detail;
    publisher.deadLetter(
        new DeadLetter(
            signedTopic,
            job.key().length == 0 ? Optional.empty() : Optional.of(ByteString.copyFrom(job.key())),
            ByteString.copyFrom(job.value()),
            reason,
            d,
            Instant.ofEpochMilli(clock.millis())));
  }

  @Override
  public void requestSingles(java.util.List<io.tbridge.core.wire.SingleRequest> requests) {
    publisher.requestSingles(requests);
  }
}
