package io.tbridge.relayer.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DeadLetterCodec;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.core.wire.StatusEventCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * The relayer's Kafka producer: locks (synchronous, all acknowledged before returning), status
 * events (best effort: FINAL and PUBLISHED per lock once Kafka acknowledged it) and dead letters
 * (synchronous). Idempotent producer with {@code acks=all}, so a retried send never duplicates
 * within a session and an acknowledged record is on every in-sync replica.
 */
public final class KafkaPublisher implements LockSink, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KafkaPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final KafkaSettings settings;
  private final ObservedLockCodec lockCodec = new ObservedLockCodec();
  private final StatusEventCodec statusCodec = new StatusEventCodec();
  private final DeadLetterCodec deadLetterCodec = new DeadLetterCodec();
  private final Counter deadLetters;
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
    this.producer = producer;
    this.settings = settings;
    this.clock = clock;
    this.deadLetters =
        Counter.builder("relayer.dead.letters")
            .description("Records written to any dead-letter topic")
            .register(metrics);
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
    List<Future<RecordMetadata>> acks = new ArrayList<>(locks.size());
    for (LockEvent lock : locks) {
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  settings.locksTopic(), lockCodec.key(lock), lockCodec.encode(lock))));
    }
    producer.flush();
    await(acks, "locks");
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
    producer.send(
        new ProducerRecord<>(
            settings.statusTopic(), statusCodec.key(event), statusCodec.encode(event)),
        (md, e) -> {
          if (e != null) {
            LOG.warnf("status event for %s not published: %s", event.depositId(), e.toString());
          }
        });
  }

  /** Publishes a dead letter to {@code <original topic>.dlq} and waits for acknowledgement. */
  public void deadLetter(DeadLetter letter) {
    deadLetters.increment();
    String topic = DeadLetterCodec.topicFor(letter.originalTopic());
    await(
        List.of(
            producer.send(
                new ProducerRecord<>(
                    topic, deadLetterCodec.key(letter), deadLetterCodec.encode(letter)))),
        "dead letter");
    LOG.errorf("ALERT dead letter on %s: %s %s", topic, letter.reason(), letter.detail());
  }

  private void await(List<Future<RecordMetadata>> acks, String what) {
    long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
    for (Future<RecordMetadata> f : acks) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new PublishException("Kafka did not acknowledge " + what, e.getCause());
      } catch (TimeoutException e) {
        throw new PublishException("Kafka did not acknowledge " + what + " in time", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException("interrupted while publishing " + what, e);
      }
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
