package io.tbridge.tss.testing;

import io.tbridge.tss.channel.Opened;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.EchoBroadcast;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Runs all parties of a protocol in one process: delivers every message in a random order,
 * optionally delivers each one twice, and lets a test rewrite messages in flight to play a
 * malicious party. Stops delivering to a party once it has aborted.
 */
public final class LocalNetwork {
  private LocalNetwork() {}

  /** What every party ended with: a result, an abort, or neither (stalled after others aborted). */
  public record Outcome<R>(Map<Integer, R> results, Map<Integer, ProtocolAbort> aborts) {

    /** Whether every party finished. */
    public boolean allFinished(int parties) {
      return results.size() == parties && aborts.isEmpty();
    }
  }

  /** Rewrites a message on its way to one recipient; return what to deliver instead. */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * The messages to deliver to {@code recipient} in place of {@code message} (empty drops it).
     */
    List<ProtocolMessage> intercept(ProtocolMessage message, int recipient);

    /** Delivers everything unchanged. */
    static Interceptor none() {
      return (m, r) -> List.of(m);
    }
  }

  /**
   * Plays a party that sends {@code change(payload)} instead of its round-{@code round} broadcast,
   * the same to everyone. If the round is echoed (in {@code echoRound}, 0 if not), the party's echo
   * is rewritten to match, as a consistent cheater would do; so the receivers' own checks of the
   * payload, not the echo, are what catch it. {@code change} must be deterministic.
   */
  public static Interceptor rewriteBroadcast(
      int from, int round, int echoRound, UnaryOperator<byte[]> change) {
    Map<Integer, byte[]> tampered = new java.util.HashMap<>();
    return (m, to) -> {
      if (m.from() != from || !m.isBroadcast()) {
        return List.of(m);
      }
      if (m.round() == round) {
        byte[] changed = tampered.computeIfAbsent(0, k -> change.apply(m.payload()));
        return List.of(new ProtocolMessage(m.sessionId(), round, from, m.to(), changed));
      }
      if (echoRound != 0 && m.round() == echoRound) {
        return List.of(
            new ProtocolMessage(
                m.sessionId(),
                echoRound,
                from,
                m.to(),
                rewriteEcho(m, round, from, tampered.get(0))));
      }
      return List.of(m);
    };
  }

  private static byte[] rewriteEcho(ProtocolMessage echo, int round, int slot, byte[] payload) {
    try {
      ByteReader r = new ByteReader(echo.payload());
      ByteWriter w = new ByteWriter().u8(r.u8()).i32(r.i32());
      int count = r.i32();
      w.i32(count);
      for (int i = 0; i < count; i++) {
        int sender = r.i32();
        byte[] hash = r.raw(32);
        byte[] signature = r.raw(64);
        w.i32(sender).raw(sender == slot ? EchoBroadcast.digest(payload) : hash).raw(signature);
      }
      return w.toByteArray();
    } catch (DecodingException e) {
      throw new IllegalStateException("not an echo payload", e);
    }
  }

  /**
   * One delivery: the message, and in a sealed run the bytes its sender's channel sealed, which the
   * recipient's channel opens (signature checks included) before the session sees them.
   */
  private record Delivery(int recipient, ProtocolMessage message, Optional<byte[]> sealed) {}

  /** Runs honestly with shuffling and duplication. */
  public static <R> Outcome<R> run(Map<Integer, ? extends Session<R>> sessions, long seed) {
    return run(sessions, seed, true, Interceptor.none());
  }

  /**
   * Runs the sessions to completion.
   *
   * @param sessions every party's session, keyed by party index
   * @param seed seeds the delivery order
   * @param duplicate whether every message is also delivered a second time, at a random point
   * @param interceptor rewrites messages in flight
   */
  public static <R> Outcome<R> run(
      Map<Integer, ? extends Session<R>> sessions,
      long seed,
      boolean duplicate,
      Interceptor interceptor) {
    return run(sessions, Optional.empty(), seed, duplicate, interceptor);
  }

  /**
   * Like {@link #run(Map, long, boolean, Interceptor)}, but every message crosses the network only
   * sealed by its sender's {@link SecureChannel} and opened by its recipient's, and every session
   * runs on signed messages with its channel as notary. What the interceptor returns is sealed by
   * the claimed sender's channel: a cheater signs its own lies (the rejected bytes a channel
   * refuses are dropped, as the signer node does).
   */
  public static <R> Outcome<R> runSealed(
      Map<Integer, ? extends RoundBasedSession<R>> sessions,
      Map<Integer, SecureChannel> channels,
      long seed,
      boolean duplicate,
      Interceptor interceptor) {
    sessions.forEach((p, s) -> s.verifyWith(channels.get(p)));
    return run(sessions, Optional.of(channels), seed, duplicate, interceptor);
  }

  private static <R> Outcome<R> run(
      Map<Integer, ? extends Session<R>> sessions,
      Optional<Map<Integer, SecureChannel>> channels,
      long seed,
      boolean duplicate,
      Interceptor interceptor) {
    Random order = new Random(seed);
    List<Delivery> queue = new ArrayList<>();
    Map<Integer, ProtocolAbort> aborts = new TreeMap<>();
    for (Map.Entry<Integer, ? extends Session<R>> e : sessions.entrySet()) {
      try {
        enqueue(queue, e.getValue().start(), sessions, channels, interceptor, duplicate);
      } catch (ProtocolAbort a) {
        aborts.put(e.getKey(), a);
        enqueue(queue, lastWords(e.getValue()), sessions, channels, interceptor, duplicate);
      }
    }
    while (!queue.isEmpty()) {
      Delivery d = queue.remove(order.nextInt(queue.size()));
      if (aborts.containsKey(d.recipient())) {
        continue;
      }
      Session<R> session = sessions.get(d.recipient());
      try {
        List<ProtocolMessage> out;
        if (d.sealed().isPresent()) {
          Opened opened =
              channels
                  .orElseThrow()
                  .get(d.recipient())
                  .open(d.sealed().get(), d.message().sessionId());
          if (!(opened instanceof Opened.Message m)) {
            continue;
          }
          out = ((RoundBasedSession<R>) session).handle(m.signed());
        } else {
          out = session.handle(d.message());
        }
        enqueue(queue, out, sessions, channels, interceptor, duplicate);
      } catch (ProtocolAbort a) {
        aborts.put(d.recipient(), a);
        enqueue(queue, lastWords(session), sessions, channels, interceptor, duplicate);
      }
    }
    Map<Integer, R> results = new TreeMap<>();
    sessions.forEach((party, s) -> s.result().ifPresent(r -> results.put(party, r)));
    return new Outcome<>(results, aborts);
  }

  /** What an aborted session had produced before its failed check (a transport sends these). */
  private static List<ProtocolMessage> lastWords(Session<?> s) {
    return s instanceof RoundBasedSession<?> r ? r.messagesBeforeAbort() : List.of();
  }

  private static void enqueue(
      List<Delivery> queue,
      List<ProtocolMessage> messages,
      Map<Integer, ? extends Session<?>> sessions,
      Optional<Map<Integer, SecureChannel>> channels,
      Interceptor interceptor,
      boolean duplicate) {
    for (ProtocolMessage m : messages) {
      for (int recipient : sessions.keySet()) {
        if (recipient == m.from() || (!m.isBroadcast() && m.to() != recipient)) {
          continue;
        }
        for (ProtocolMessage delivered : interceptor.intercept(m, recipient)) {
          Optional<byte[]> sealed = channels.map(c -> c.get(delivered.from()).seal(delivered));
          queue.add(new Delivery(recipient, delivered, sealed));
          if (duplicate) {
            queue.add(new Delivery(recipient, delivered, sealed));
          }
        }
      }
    }
  }
}
