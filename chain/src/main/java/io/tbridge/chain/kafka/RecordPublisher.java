package io.tbridge.chain.kafka;

import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DeadLetterCodec;
import io.tbridge.core.wire.SingleRequest;
import io.tbridge.core.wire.SingleRequestCodec;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.core.wire.StatusEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * One producer and the ways every service writes to Kafka: records that must be durable (sent,
 * flushed and acknowledged by all in-sync replicas before returning), status events (best effort:
 * informational), dead letters (durable, with an ALERT line) and requests for single releases
 * (durable). Idempotent producer with {@code acks=all} (see {@link KafkaClients}).
 */
public final class RecordPublisher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RecordPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final KafkaSettings settings;
  private final Runnable onDeadLetter;
  private final StatusEventCodec statusCodec = new StatusEventCodec();
  private final DeadLetterCodec deadLetterCodec = new DeadLetterCodec();
  private final SingleRequestCodec requestCodec = new SingleRequestCodec();

  /** A publisher with its own producer; {@code onDeadLetter} runs per dead letter (a counter). */
  public RecordPublisher(KafkaSettings settings, Runnable onDeadLetter) {
    this(
        new KafkaProducer<>(KafkaClients.producerConfig(settings, "producer")),
        settings,
        onDeadLetter);
  }

  /** A publisher over an existing producer (e.g. Kafka's MockProducer). */
  public RecordPublisher(
      Producer<byte[], byte[]> producer, KafkaSettings settings, Runnable onDeadLetter) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.onDeadLetter = Objects.requireNonNull(onDeadLetter, "onDeadLetter");
  }

  /** Sends every record and waits until all are acknowledged; throws if any is not. */
  public void sendDurably(List<ProducerRecord<byte[], byte[]>> records, String what) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (ProducerRecord<byte[], byte[]> r : records) {
      acks.add(producer.send(r));
    }
    producer.flush();
    await(acks, what);
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

  /**
   * Publishes requests for single releases to {@code requestsTopic} and waits until all are
   * acknowledged (a lost request would strand its deposit); throws if any is not.
   */
  public void requestSingles(List<SingleRequest> requests) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(requests.size());
    for (SingleRequest r : requests) {
      records.add(
          new ProducerRecord<>(
              settings.requestsTopic(), requestCodec.key(r), requestCodec.encode(r)));
    }
    sendDurably(records, "single-release requests");
  }

  /** Publishes a dead letter to {@code <original topic>.dlq} and waits for acknowledgement. */
  public void deadLetter(DeadLetter letter) {
    onDeadLetter.run();
    String topic = DeadLetterCodec.topicFor(letter.originalTopic());
    sendDurably(
        List.of(
            new ProducerRecord<>(
                topic, deadLetterCodec.key(letter), deadLetterCodec.encode(letter))),
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
    producer.close(Duration.ofSeconds(5));
  }
}
