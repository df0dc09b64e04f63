package io.tbridge.relayer.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.kafka.RecordPublisher;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.serviceconfig.OwnedCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The relayer's Kafka producer: locks (synchronous, all acknowledged before returning), status
 * events (best effort: FINAL and PUBLISHED per lock once Kafka acknowledged it) and dead letters
 * (synchronous), all through the shared {@link RecordPublisher}.
 */
public final class KafkaPublisher implements LockSink, AutoCloseable {

  private final RecordPublisher records;
  private final KafkaSettings settings;
  private final ObservedLockCodec lockCodec = new ObservedLockCodec();
  private final Clock clock;

  /** A publisher with its own producer; meters go to {@code metrics}. */
  public KafkaPublisher(KafkaSettings settings, MeterRegistry metrics) {
    this(new KafkaProducer<>(producerConfig(settings)), settings, metrics, Clock.systemUTC());
  }

  /** A publisher over an existing producer (e.g. Kafka's MockProducer) and clock. */
  public KafkaPublisher(
      Producer<byte[], byte[]> producer,
      KafkaSettings settings,
      MeterRegistry metrics,
      Clock clock) {
    OwnedCounter deadLetters =
        OwnedCounter.register(
            metrics,
            "relayer.dead.letters",
            "Records written to any dead-letter topic",
            Tags.empty());
    this.records = new RecordPublisher(producer, settings, deadLetters::increment);
    this.settings = settings;
    this.clock = clock;
  }

  /** Producer properties: the shared conventions (idempotence, acks=all, bounded delivery). */
  public static Map<String, Object> producerConfig(KafkaSettings s) {
    return KafkaClients.producerConfig(s, "producer");
  }

  @Override
  public void publish(List<LockEvent> locks) {
    if (locks.isEmpty()) {
      return;
    }
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(locks.size());
    for (LockEvent lock : locks) {
      out.add(
          new ProducerRecord<>(settings.locksTopic(), lockCodec.key(lock), lockCodec.encode(lock)));
    }
    records.sendDurably(out, "locks");
    Instant now = Instant.ofEpochMilli(clock.millis());
    for (LockEvent lock : locks) {
      // The watcher reads final blocks only, so FINAL is the first stage it can know (OBSERVED
      // and REORGED are never emitted by the relayer; docs/architecture.md says why).
      status(
          new StatusEvent(
              lock.depositId(),
              DepositStage.FINAL,
              now,
              Optional.of(lock.sourceChainId()),
              Optional.of(lock.txHash()),
              Optional.of("block " + lock.blockNumber())));
      status(StatusEvent.of(lock.depositId(), DepositStage.PUBLISHED, now));
    }
  }

  /** Publishes a lifecycle event; failures are logged, never thrown (status is informational). */
  public void status(StatusEvent event) {
    records.status(event);
  }

  /** Publishes a dead letter to {@code <original topic>.dlq} and waits for acknowledgement. */
  public void deadLetter(DeadLetter letter) {
    records.deadLetter(letter);
  }

  /** Asks the signers for single releases, durably (see {@link RecordPublisher#requestSingles}). */
  public void requestSingles(java.util.List<io.tbridge.core.wire.SingleRequest> requests) {
    records.requestSingles(requests);
  }

  @Override
  public void close() {
    records.close();
  }
}
