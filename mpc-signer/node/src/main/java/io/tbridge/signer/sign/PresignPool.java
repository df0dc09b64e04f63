package io.tbridge.signer.sign;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.precompute.ProofRandomness;
import io.tbridge.tss.precompute.ProofRandomnessPool;
import io.tbridge.tss.presign.PresignSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's presignature pool: the proof randomness of the next presignatures with every committee
 * this node can serve, computed ahead of time on one low-priority thread, so that a presigning
 * session spends its latency on the protocol and not on exponentiations that depend only on
 * randomness. The joint presignature itself is still made per attempt, with the committee of that
 * attempt, and lives only in memory (SECURITY 22): what the pool holds are this node's own secret
 * masks, each handed out once ({@link ProofRandomnessPool}).
 *
 * <p>Filling pauses while any session of this node runs (a latency-critical session gets both
 * cores) and resumes when the last one ends.
 */
public final class PresignPool implements AutoCloseable {

  private final ProofRandomnessPool pool;
  private final ExecutorService filler;
  private final AtomicInteger running = new AtomicInteger();

  private PresignPool(ProofRandomnessPool pool, ExecutorService filler) {
    this.pool = pool;
    this.filler = filler;
  }

  /**
   * A pool for party {@code aux.self()} that keeps the randomness of {@code depth} presignatures
   * ready with each other party of {@code parties}, in committees of {@code threshold}.
   *
   * @param depth presignatures per counterparty (at least 1)
   */
  public static PresignPool start(
      AuxInfo aux, List<Integer> parties, int threshold, int depth, SecureRandom random) {
    if (depth < 1) {
      throw new IllegalArgumentException("pool depth must be at least 1, got " + depth);
    }
    ExecutorService filler =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "signer-" + aux.self() + "-pool");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    ProofRandomnessPool pool = ProofRandomnessPool.create(filler, 4, 1, random);
    for (List<Integer> committee : likelyCommittees(aux.self(), parties, threshold)) {
      PresignSession.preparePool(pool, aux, committee, depth);
    }
    return new PresignPool(pool, filler);
  }

  /**
   * One committee of {@code threshold} per counterparty, each holding {@code self} and that party:
   * together they raise every counterparty's queues (the pool keys queues by counterparty) and size
   * this node's own queue for a committee of {@code threshold}.
   */
  static List<List<Integer>> likelyCommittees(int self, List<Integer> parties, int threshold) {
    List<Integer> others = parties.stream().filter(p -> p != self).sorted().toList();
    List<List<Integer>> out = new ArrayList<>();
    if (threshold < 2) {
      return out;
    }
    for (int i = 0; i < others.size(); i++) {
      List<Integer> c = new ArrayList<>();
      c.add(self);
      for (int k = 0; k < threshold - 1; k++) {
        c.add(others.get((i + k) % others.size()));
      }
      out.add(c.stream().distinct().sorted().toList());
    }
    return out;
  }

  /** The randomness source presigning sessions draw from. */
  public ProofRandomness randomness() {
    return pool;
  }

  /** A session of this node begins: filling pauses until every running session has ended. */
  public void sessionStarted() {
    if (running.incrementAndGet() == 1) {
      pool.pause();
    }
  }

  /** A session of this node ended. */
  public void sessionEnded() {
    if (running.decrementAndGet() == 0) {
      pool.resume();
    }
  }

  /** Items ready now. */
  public int available() {
    return pool.available();
  }

  /** Items served from the pool. */
  public long hits() {
    return pool.hits();
  }

  /** Items computed on the spot because their queue was empty. */
  public long misses() {
    return pool.misses();
  }

  /** Registers size and hit/miss meters. */
  public void register(MeterRegistry registry) {
    Gauge.builder("signer.pool.available", pool, ProofRandomnessPool::available)
        .description("Presignature randomness items ready now")
        .register(registry);
    Gauge.builder("signer.pool.capacity", pool, ProofRandomnessPool::capacity)
        .description("Presignature randomness items the pool keeps ready when full")
        .register(registry);
    FunctionCounter.builder("signer.pool.hits", pool, ProofRandomnessPool::hits)
        .description("Presignature randomness items served from the pool")
        .register(registry);
    FunctionCounter.builder("signer.pool.misses", pool, ProofRandomnessPool::misses)
        .description("Presignature randomness items computed on the spot (pool empty)")
        .register(registry);
  }

  @Override
  public void close() {
    pool.close();
    filler.shutdownNow();
  }
}
