package io.tbridge.signer.sign;

import io.tbridge.core.Hash32;
import io.tbridge.signer.mpc.ControlMessage;
import io.tbridge.signer.mpc.SessionIds;
import io.tbridge.signer.mpc.SessionOutcome;
import io.tbridge.tss.presign.PresignSession;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Fills the {@link PresignStock} in the background. Of each committee (t parties) only its lowest
 * party starts stock sessions, one at a time, and only while this node runs no signing session and
 * every member is live; the others join when it asks ({@link ControlMessage.StockPresign}). A
 * member joins at most one session per committee at a time and a bounded number per minute, and
 * never a session id it journaled before (a replayed request after a restart).
 */
public final class StockFiller implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StockFiller.class);

  /** Committee counts above this are not stocked (C(n, t) grows fast; misses stay correct). */
  static final int MAX_COMMITTEES = 64;

  /** How often a member's join allowance per committee grows by one stock depth. */
  static final Duration REFILL_EVERY = Duration.ofMinutes(10);

  /** Depths of join allowance a member banks per committee at most. */
  static final int BUCKET_DEPTHS = 2;

  private final SessionParts parts;
  private final PresignStock stock;
  private final List<List<Integer>> mine;
  private final Set<List<Integer>> member;
  private final Supplier<Set<Integer>> live;
  private final BooleanSupplier busy;
  private final Consumer<ControlMessage> send;
  private final SignerMetrics metrics;
  private final ScheduledExecutorService timers;
  private final Set<List<Integer>> running = new HashSet<>();
  private final Map<List<Integer>, Instant> retryAt = new HashMap<>();
  private final Map<List<Integer>, Integer> failures = new HashMap<>();
  private final Map<List<Integer>, Bucket> buckets = new HashMap<>();
  private final Set<Integer> depthWarned = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private boolean initiating;
  private ScheduledFuture<?> ticks;

  /**
   * A filler for the committees of {@code threshold} among {@code parties} that hold this node.
   *
   * @param busy whether a signing session of this node runs (no stock session starts then)
   */
  public StockFiller(
      SessionParts parts,
      PresignStock stock,
      List<Integer> parties,
      int threshold,
      Supplier<Set<Integer>> live,
      BooleanSupplier busy,
      Consumer<ControlMessage> send,
      SignerMetrics metrics,
      ScheduledExecutorService timers) {
    this.parts = parts;
    this.stock = stock;
    this.live = live;
    this.busy = busy;
    this.send = send;
    this.metrics = metrics;
    this.timers = timers;
    List<List<Integer>> all = committees(parties.stream().sorted().toList(), threshold);
    int self = parts.aux().self();
    if (stock.depth() == 0 || all.size() > MAX_COMMITTEES) {
      if (stock.depth() > 0) {
        LOG.infof(
            "party=%d: %d possible committees; presignatures are made on demand only",
            self, all.size());
      }
      all = List.of();
    }
    this.member = new HashSet<>(all.stream().filter(c -> c.contains(self)).toList());
    this.mine = all.stream().filter(c -> c.get(0) == self).toList();
  }

  /** Every ascending subset of {@code threshold} of {@code sorted}. */
  static List<List<Integer>> committees(List<Integer> sorted, int threshold) {
    List<List<Integer>> out = new ArrayList<>();
    if (threshold < 1 || threshold > sorted.size()) {
      return out;
    }
    choose(sorted, threshold, 0, new ArrayList<>(), out);
    return out;
  }

  private static void choose(
      List<Integer> from, int k, int start, List<Integer> acc, List<List<Integer>> out) {
    if (acc.size() == k) {
      out.add(List.copyOf(acc));
      return;
    }
    for (int i = start; i < from.size() && out.size() <= MAX_COMMITTEES; i++) {
      acc.add(from.get(i));
      choose(from, k, i + 1, acc, out);
      acc.remove(acc.size() - 1);
    }
  }

  /** Starts the periodic check of the committees this node starts sessions for. */
  public void start(Duration every) {
    if (!mine.isEmpty()) {
      ticks =
          timers.scheduleWithFixedDelay(
              this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    try {
      Optional<List<Integer>> next = nextToFill();
      next.ifPresent(this::initiate);
    } catch (RuntimeException e) {
      LOG.warnf("party=%d stock filling failed: %s", parts.aux().self(), e.toString());
    }
  }

  private synchronized Optional<List<Integer>> nextToFill() {
    if (initiating || busy.getAsBoolean()) {
      return Optional.empty();
    }
    Set<Integer> alive = live.get();
    Instant now = parts.clock().instant();
    return mine.stream()
        .filter(c -> stock.size(c) < stock.depth())
        .filter(alive::containsAll)
        .filter(c -> !running.contains(c))
        .filter(c -> !retryAt.getOrDefault(c, Instant.MIN).isAfter(now))
        .min(Comparator.comparingInt(stock::size));
  }

  private void initiate(List<Integer> committee) {
    byte[] t = new byte[32];
    parts.random().nextBytes(t);
    Hash32 tag = Hash32.of(t);
    synchronized (this) {
      initiating = true;
    }
    try {
      send.accept(new ControlMessage.StockPresign(committee, tag, stock.depth()));
    } catch (RuntimeException e) {
      synchronized (this) {
        initiating = false;
      }
      throw e;
    }
    run(committee, tag, true);
  }

  /** A stock request from party {@code from} (authenticated). */
  public void requested(int from, ControlMessage.StockPresign request) {
    List<Integer> c = request.committee();
    if (from == parts.aux().self() || !member.contains(c) || c.get(0) != from) {
      return;
    }
    if (request.depth() != stock.depth()) {
      if (depthWarned.add(from)) {
        LOG.warnf(
            "party=%d: party %d keeps %d stocked presignatures per committee, this node %d; set"
                + " signer.signing.stock-depth alike on every node (no stock with it until then)",
            parts.aux().self(), from, request.depth(), stock.depth());
      }
      return;
    }
    synchronized (this) {
      if (running.contains(c) || !allowance(c)) {
        LOG.debugf("party=%d stock request of %d for %s ignored", parts.aux().self(), from, c);
        return;
      }
    }
    SessionId id = SessionIds.stockPresign(parts.keyId(), c, request.tag());
    if (parts.state().wasStarted(id)) {
      LOG.warnf(
          "party=%d stock request %s of party %d repeats a session",
          parts.aux().self(), id.hex(), from);
      return;
    }
    run(c, request.tag(), false);
  }

  /**
   * A token bucket per committee: a member joins as many sessions as it consumed entries of the
   * committee itself, plus the stock's depth every {@link #REFILL_EVERY} (for entries lost at a
   * picker's restart), never more than {@link #BUCKET_DEPTHS} depths banked. So a malicious picker
   * cannot keep this node presigning for nothing.
   */
  private boolean allowance(List<Integer> committee) {
    Instant now = parts.clock().instant();
    int depth = stock.depth();
    Bucket b =
        buckets.computeIfAbsent(committee, k -> new Bucket(depth, now, stock.consumed(committee)));
    double refill =
        depth * (Duration.between(b.at, now).toMillis() / (double) REFILL_EVERY.toMillis());
    long used = stock.consumed(committee);
    b.tokens =
        Math.min((double) BUCKET_DEPTHS * depth, b.tokens + refill + (used - b.consumedSeen));
    b.at = now;
    b.consumedSeen = used;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }

  private static final class Bucket {
    double tokens;
    Instant at;
    long consumedSeen;

    Bucket(double tokens, Instant at, long consumedSeen) {
      this.tokens = tokens;
      this.at = at;
      this.consumedSeen = consumedSeen;
    }
  }

  private void run(List<Integer> committee, Hash32 tag, boolean initiator) {
    SessionId id = SessionIds.stockPresign(parts.keyId(), committee, tag);
    String label = "stock " + committee + " " + id.hex().substring(0, 12);
    PresignSession session;
    synchronized (this) {
      running.add(committee);
    }
    stock.started(tag);
    try {
      parts.state().sessionStarted(id, "stock-presign", label, parts.clock().instant());
      session =
          new PresignSession(
              id,
              parts.share(),
              parts.aux(),
              committee,
              parts.registry(),
              parts.random(),
              parts.compute(),
              parts.pool().map(PresignPool::randomness));
      parts
          .driver()
          .run(session, parts.roundDeadline())
          .whenComplete(
              (outcome, error) -> {
                Optional<Presignature> p = Optional.empty();
                String kind = error == null ? outcome.kind() : "internal-error";
                try {
                  parts.state().sessionEnded(id, kind);
                  if (outcome instanceof SessionOutcome.Completed<Presignature> done) {
                    stock.put(committee, tag, done.result());
                    p = Optional.of(done.result());
                  }
                } catch (RuntimeException e) {
                  LOG.warnf("%s: not stocked: %s", label, e.getMessage());
                } finally {
                  ended(committee, tag, initiator, p, kind);
                }
              });
    } catch (ProtocolAbort | RuntimeException e) {
      ended(committee, tag, initiator, Optional.empty(), "internal-error");
    }
  }

  private synchronized void ended(
      List<Integer> committee,
      Hash32 tag,
      boolean initiator,
      Optional<Presignature> p,
      String kind) {
    running.remove(committee);
    stock.settled(tag);
    metrics.session("stock-presign", p.isPresent() ? "completed" : "failed", kind);
    if (!initiator) {
      return;
    }
    initiating = false;
    if (p.isPresent()) {
      failures.remove(committee);
      retryAt.remove(committee);
    } else {
      // A member that is down or refuses costs one round deadline, then ever fewer tries.
      int n = failures.merge(committee, 1, Integer::sum);
      Duration wait = Duration.ofSeconds(Math.min(300, 15L << Math.min(n - 1, 4)));
      retryAt.put(committee, parts.clock().instant().plus(wait));
      LOG.debugf(
          "party=%d stock session for %s failed (%s); next try in %s",
          parts.aux().self(), committee, kind, wait);
    }
  }

  /** Presignatures stocked for {@code committee} now (for health and tests). */
  public int stocked(List<Integer> committee) {
    return stock.size(committee);
  }

  @Override
  public void close() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }
}
