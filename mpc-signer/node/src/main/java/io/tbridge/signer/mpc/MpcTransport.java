package io.tbridge.signer.mpc;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tbridge.tss.channel.Opened;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.Notary;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SignedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Protocol messages between signer nodes over one Kafka topic, sealed end to end with {@link
 * SecureChannel} (signed by the sender; direct messages encrypted to the recipient).
 *
 * <p>Every node reads every record: the consumer is assigned all partitions and starts at their end
 * (no consumer group), because sessions that were running before this process started are abandoned
 * anyway and must never be resumed. A record is opened before anything else looks at it: garbage,
 * forgeries, other recipients' mail and replays are counted and dropped, never thrown. An authentic
 * message goes to the session it names if that session is open here and the sender is one of its
 * parties (a non-member must not be able to end a session); messages for a session not yet open
 * here are buffered, bounded and for a limited time, because nodes verify a lock at slightly
 * different moments and the first round may arrive before the local session exists.
 */
public final class MpcTransport implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MpcTransport.class);
  private static final int ENDED_REMEMBERED = 4096;

  /** Where an open session takes its messages. */
  public interface Inbox {
    /** The session's parties (senders outside them are dropped). */
    Set<Integer> parties();

    /** One authentic message of the session, with its sender's origin signature. */
    void deliver(SignedMessage message);
  }

  private record Buffered(SignedMessage message, Instant at) {}

  private final MpcSettings settings;
  private final SecureChannel channel;
  private final Clock clock;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<SessionId, Inbox> open = new ConcurrentHashMap<>();
  private final Map<SessionId, Deque<Buffered>> buffer = new HashMap<>();
  private final Map<SessionId, Boolean> ended =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SessionId, Boolean> e) {
          return size() > ENDED_REMEMBERED;
        }
      };
  private final List<BiConsumer<Integer, ControlMessage>> controlListeners =
      new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
  private final Map<String, Long> lastWarn = new ConcurrentHashMap<>();
  private final LongAdder received = new LongAdder();
  private volatile MeterRegistry registry;
  private volatile Instant lastOwnEcho = Instant.EPOCH;
  private final Thread thread;
  private int buffered;
  private volatile boolean running = true;
  private volatile Instant lastPoll = Instant.EPOCH;

  /** Connects, seeks to the end of the topic and starts the consumer thread. */
  public MpcTransport(MpcSettings settings, SecureChannel channel, Clock clock) {
    this.settings = settings;
    this.channel = channel;
    this.clock = clock;
    Map<String, Object> p = new HashMap<>(settings.extra());
    p.put("bootstrap.servers", settings.bootstrapServers());
    p.put("client.id", settings.clientId() + "-mpc-producer");
    p.put("acks", "all");
    p.put("enable.idempotence", true);
    p.put("linger.ms", 0);
    p.put("delivery.timeout.ms", (int) settings.sendTimeout().toMillis());
    p.put("request.timeout.ms", (int) Math.min(settings.sendTimeout().toMillis() - 5, 30_000));
    p.put("max.block.ms", (int) settings.sendTimeout().toMillis());
    p.put("max.request.size", 4 * 1024 * 1024);
    p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    this.producer = new KafkaProducer<>(p);
    Map<String, Object> c = new HashMap<>(settings.extra());
    c.put("bootstrap.servers", settings.bootstrapServers());
    c.put("client.id", settings.clientId() + "-mpc-consumer");
    c.put("enable.auto.commit", false);
    c.put("max.partition.fetch.bytes", 8 * 1024 * 1024);
    c.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    c.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    this.consumer = new KafkaConsumer<>(c);
    List<PartitionInfo> parts = partitions(consumer, settings);
    List<TopicPartition> tps = new ArrayList<>();
    for (PartitionInfo pi : parts) {
      tps.add(new TopicPartition(pi.topic(), pi.partition()));
    }
    consumer.assign(tps);
    consumer.seekToEnd(tps);
    tps.forEach(consumer::position);
    this.thread = new Thread(this::loop, "mpc-" + channel.self());
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The topic's partitions; a topic that is being auto-created answers with none for a moment, so
   * ask again until the send timeout (a consumer assigned to nothing would fail its first poll).
   */
  private static List<PartitionInfo> partitions(
      KafkaConsumer<byte[], byte[]> consumer, MpcSettings settings) {
    long until = System.nanoTime() + settings.sendTimeout().toNanos();
    while (true) {
      List<PartitionInfo> parts = consumer.partitionsFor(settings.topic(), settings.sendTimeout());
      if (parts != null && !parts.isEmpty()) {
        return parts;
      }
      if (System.nanoTime() > until) {
        consumer.close();
        throw new IllegalStateException(
            "Kafka topic " + settings.topic() + " has no partitions (does it exist?)");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + settings.topic());
      }
    }
  }

  /** Checks the origin signatures sessions relay (the channel, with the committee's keys). */
  public Notary notary() {
    return channel;
  }

  /** This node's party index. */
  public int self() {
    return channel.self();
  }

  /** Seals and sends one protocol message (asynchronously; a failed send is logged). */
  public void send(ProtocolMessage message) {
    byte[] sealed = channel.seal(message);
    producer.send(
        new ProducerRecord<>(settings.topic(), message.sessionId().bytes(), sealed),
        (md, e) -> {
          if (e != null) {
            warnOnce(
                "send",
                "party=%d could not send to %s: %s",
                self(),
                settings.topic(),
                e.toString());
          }
        });
  }

  /** Sends a control message to every node. */
  public void sendControl(ControlMessage message) {
    send(ProtocolMessage.broadcast(message.channel(), 1, self(), message.encode()));
  }

  /** Registers a listener for authentic control messages (sender index, message). */
  public void onControl(BiConsumer<Integer, ControlMessage> listener) {
    controlListeners.add(listener);
  }

  /** Opens {@code session} here: buffered messages are delivered now, later ones as they come. */
  public void register(SessionId session, Inbox inbox) {
    List<Buffered> pending;
    synchronized (this) {
      if (ended.containsKey(session) || open.putIfAbsent(session, inbox) != null) {
        throw new IllegalStateException("session " + session.hex() + " was already open here");
      }
      Deque<Buffered> q = buffer.remove(session);
      pending = q == null ? List.of() : new ArrayList<>(q);
      buffered -= pending.size();
    }
    for (Buffered b : pending) {
      route(inbox, b.message());
    }
  }

  /** Closes {@code session} here: later messages for it are dropped. */
  public synchronized void unregister(SessionId session) {
    open.remove(session);
    ended.put(session, Boolean.TRUE);
  }

  /** Records dropped so far, by reason. */
  public Map<String, Long> drops() {
    Map<String, Long> out = new java.util.TreeMap<>();
    drops.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Authentic records received so far. */
  public long received() {
    return received.sum();
  }

  /** When the consumer last returned from a poll (for liveness). */
  public Instant lastPoll() {
    return lastPoll;
  }

  private void loop() {
    while (running) {
      try {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            handle(r.value());
          } catch (RuntimeException e) {
            drop("handler-error");
            warnOnce("handler", "party=%d message handling failed: %s", self(), e.toString());
          }
        }
        lastPoll = clock.instant();
        expireBuffer();
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        // Kafka trouble: keep trying; liveness turns DOWN while polls do not complete.
        warnOnce("poll", "party=%d protocol consumer poll failed: %s", self(), e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void handle(byte[] value) {
    if (value == null) {
      drop("empty");
      return;
    }
    Opened o = channel.open(value);
    if (o instanceof Opened.Rejected rej) {
      drop(rej.reason().code());
      if (rej.reason() != Opened.Reason.NOT_FOR_THIS_PARTY) {
        warnOnce(
            rej.reason().code(),
            "party=%d dropped a protocol record: %s (%s)",
            self(),
            rej.reason().code(),
            rej.detail());
      }
      return;
    }
    SignedMessage signed = ((Opened.Message) o).signed();
    ProtocolMessage m = signed.message();
    received.increment();
    SessionId sid = m.sessionId();
    if (sid.equals(ControlMessage.HEARTBEATS) || sid.equals(ControlMessage.NOTICES)) {
      control(m);
      return;
    }
    Inbox inbox = open.get(sid);
    if (inbox == null) {
      synchronized (this) {
        inbox = open.get(sid);
        if (inbox == null) {
          if (ended.containsKey(sid)) {
            drop("session-ended");
            return;
          }
          bufferMessage(signed);
          return;
        }
      }
    }
    route(inbox, signed);
  }

  private void route(Inbox inbox, SignedMessage signed) {
    if (!inbox.parties().contains(signed.message().from())) {
      drop("sender-not-in-session");
      return;
    }
    inbox.deliver(signed);
  }

  private void control(ProtocolMessage m) {
    if (m.from() == self()) {
      lastOwnEcho = clock.instant();
      return;
    }
    ControlMessage c;
    try {
      c = ControlMessage.decode(m.payload());
    } catch (DecodingException e) {
      drop("bad-control");
      warnOnce(
          "bad-control",
          "party=%d dropped a malformed control message from party %d",
          self(),
          m.from());
      return;
    }
    if (!c.channel().equals(m.sessionId())) {
      drop("bad-control");
      return;
    }
    for (BiConsumer<Integer, ControlMessage> l : controlListeners) {
      l.accept(m.from(), c);
    }
  }

  private synchronized void bufferMessage(SignedMessage signed) {
    ProtocolMessage m = signed.message();
    Deque<Buffered> q = buffer.computeIfAbsent(m.sessionId(), k -> new ArrayDeque<>());
    if (q.size() >= settings.bufferPerSession() || buffered >= settings.bufferTotal()) {
      drop("buffer-full");
      warnOnce("buffer-full", "party=%d protocol buffer full; dropping early messages", self());
      if (q.isEmpty()) {
        buffer.remove(m.sessionId());
      }
      return;
    }
    q.add(new Buffered(signed, clock.instant()));
    buffered++;
  }

  private synchronized void expireBuffer() {
    Instant cutoff = clock.instant().minus(settings.bufferTtl());
    buffer
        .values()
        .removeIf(
            q -> {
              while (!q.isEmpty() && q.peekFirst().at().isBefore(cutoff)) {
                q.pollFirst();
                buffered--;
                drop("buffer-expired");
              }
              return q.isEmpty();
            });
  }

  private void drop(String reason) {
    drops.computeIfAbsent(reason, this::dropCounter).increment();
  }

  private LongAdder dropCounter(String reason) {
    LongAdder a = new LongAdder();
    MeterRegistry r = registry;
    if (r != null) {
      register(r, reason, a);
    }
    return a;
  }

  private static void register(MeterRegistry r, String reason, LongAdder a) {
    FunctionCounter.builder("signer.transport.dropped", a, LongAdder::sum)
        .description("Protocol records dropped before any session saw them, by reason")
        .tag("reason", reason)
        .register(r);
  }

  /**
   * Exports drops (by reason), records received and the time since this node's own last message
   * came back from the topic (a round trip through Kafka) to {@code r}.
   */
  public synchronized void bindMetrics(MeterRegistry r) {
    registry = r;
    drops.forEach((reason, a) -> register(r, reason, a));
    FunctionCounter.builder("signer.transport.received", received, LongAdder::sum)
        .description("Authentic protocol records received")
        .register(r);
    io.micrometer.core.instrument.Gauge.builder(
            "signer.kafka.echo.age.seconds",
            this,
            t -> java.time.Duration.between(t.lastOwnEcho, t.clock.instant()).toMillis() / 1000.0)
        .description("Seconds since this node's own last message came back from Kafka")
        .register(r);
  }

  /** When a message this node sent last came back from the topic (Kafka reachable both ways). */
  public Instant lastOwnEcho() {
    return lastOwnEcho;
  }

  private void warnOnce(String key, String format, Object... args) {
    long now = System.nanoTime();
    Long last = lastWarn.get(key);
    if (last == null || now - last > TimeUnit.MINUTES.toNanos(1)) {
      lastWarn.put(key, now);
      LOG.warnf(format, args);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(2));
    producer.close(Duration.ofSeconds(2));
  }
}
