package io.tbridge.tss.precompute;

import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ProofRandomness} served from bounded queues that background tasks fill ahead of time: one
 * queue per Paillier modulus (encryption noise) and per ring-Pedersen parameter set and mask size
 * (commitments, blindings). A warm pool takes the exponentiations that depend only on randomness —
 * r^N mod N² under another party's key, s^a·t^b with random 3000-bit exponents — out of a proof's
 * latency. It does not reduce the total work: every item handed out is one the pool computed.
 *
 * <p><b>At most once.</b> Each item is removed from its queue by an atomic poll before it is
 * returned, and the pool keeps no other reference to it, so no two callers ever receive the same
 * item (a mask reused across two Σ-protocol runs reveals the witness). An empty queue is not an
 * error: the item is then computed on the spot from the pool's random source (a miss), exactly as
 * {@link ProofRandomness#inline} would, and the queue is refilled for next time.
 *
 * <p><b>Queues</b> are created by the {@code prepare…} methods (typically at start-up, for every
 * counterparty's key and parameters) or on the first request for a new key or size, with the
 * default capacity. Filling runs on the injected {@link Executor} with at most {@code parallelism}
 * tasks at a time, always topping up the emptiest queue first; a task stops when every queue is
 * full, when the pool is {@linkplain #pause paused} (so a latency-critical protocol run can have
 * the cores) or {@linkplain #close closed}.
 *
 * <p><b>Secrets.</b> Items are secret masks: they never appear in {@code toString} or exceptions
 * (only counts do), and {@link #close} drops every queued item. Java cannot wipe {@code
 * BigInteger}s; dropping the references is what the JVM allows.
 */
public final class ProofRandomnessPool implements ProofRandomness, AutoCloseable {
  /** Queue identity: the modulus of a noise queue, or the parameters and sizes of a mask queue. */
  private sealed interface Key permits NoiseKey, MaskKey {}

  private record NoiseKey(BigInteger n) implements Key {}

  /** aBits = 0 marks a blinding (a = 0, value = t^b). */
  private record MaskKey(RingPedersenParams rp, int aBits, int bBits) implements Key {}

  /** One bounded queue and what it takes to make its items. */
  private static final class Queue {
    final Key key;
    final int capacity;
    final PaillierMath math;
    final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();

    /** Items queued plus items being computed: never above capacity. */
    final AtomicInteger claimed = new AtomicInteger();

    Queue(Key key, int capacity, PaillierMath math) {
      this.key = key;
      this.capacity = capacity;
      this.math = math;
    }

    Object compute(ProofRandomness inline) {
      if (key instanceof NoiseKey) {
        return inline.encryptionNoise(math);
      }
      MaskKey k = (MaskKey) key;
      return k.aBits() == 0
          ? inline.blinding(k.rp(), math, k.bBits())
          : inline.commitment(k.rp(), math, k.aBits(), k.bBits());
    }

    /** Fill level in [0, 1], counting items in flight. */
    double level() {
      return (double) claimed.get() / capacity;
    }
  }

  private final Executor executor;
  private final int defaultCapacity;
  private final int parallelism;
  private final ProofRandomness inline;
  private final Map<Key, Queue> queues = new ConcurrentHashMap<>();
  private final AtomicInteger activeFillers = new AtomicInteger();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong produced = new AtomicLong();
  private final AtomicLong fillFailures = new AtomicLong();
  private volatile boolean paused;
  private volatile boolean closed;

  private ProofRandomnessPool(
      Executor executor, int defaultCapacity, int parallelism, SecureRandom random) {
    this.executor = executor;
    this.defaultCapacity = defaultCapacity;
    this.parallelism = parallelism;
    this.inline = ProofRandomness.inline(random);
  }

  /**
   * Creates an empty pool.
   *
   * @param executor runs the fill tasks (e.g. one low-priority daemon thread; {@code Runnable::run}
   *     fills synchronously in the calling thread, for tests)
   * @param defaultCapacity items kept ready per queue unless a {@code prepare…} call says otherwise
   * @param parallelism how many fill tasks may run at once (≤ the cores the pool may use)
   * @param random source of every item, filled or computed on a miss; must be safe for concurrent
   *     use (the JDK's {@link SecureRandom} implementations are)
   * @throws IllegalArgumentException if a capacity or the parallelism is out of range
   */
  public static ProofRandomnessPool create(
      Executor executor, int defaultCapacity, int parallelism, SecureRandom random) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(random, "random");
    requireCapacity(defaultCapacity);
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("parallelism must be in [1, 64], got " + parallelism);
    }
    return new ProofRandomnessPool(executor, defaultCapacity, parallelism, random);
  }

  /**
   * Keeps {@code capacity} encryption-noise items ready for the modulus of {@code key} (with its
   * factors, if given, the pool computes r^N by CRT) and starts filling.
   */
  public void prepareNoise(PaillierMath key, int capacity) {
    requireCapacity(capacity);
    queue(new NoiseKey(key.n()), capacity, key, true);
    scheduleFill();
  }

  /**
   * Keeps {@code capacity} masks a ← ±2^aBits, b ← ±2^bBits·N̂ with s^a·t^b ready under {@code rp}
   * and starts filling.
   */
  public void prepareCommitments(
      RingPedersenParams rp, PaillierMath rpMath, int aBits, int bBits, int capacity) {
    requireCapacity(capacity);
    InlineRandomness.requireBits(aBits);
    InlineRandomness.requireBits(bBits);
    queue(new MaskKey(rp, aBits, bBits), capacity, checkedRpMath(rp, rpMath), true);
    scheduleFill();
  }

  /** Keeps {@code capacity} blindings b ← ±2^bBits·N̂ with t^b ready under {@code rp}. */
  public void prepareBlindings(
      RingPedersenParams rp, PaillierMath rpMath, int bBits, int capacity) {
    requireCapacity(capacity);
    InlineRandomness.requireBits(bBits);
    queue(new MaskKey(rp, 0, bBits), capacity, checkedRpMath(rp, rpMath), true);
    scheduleFill();
  }

  @Override
  public EncryptionNoise encryptionNoise(PaillierMath key) {
    return (EncryptionNoise) take(new NoiseKey(key.n()), key);
  }

  @Override
  public CommitmentMask commitment(
      RingPedersenParams rp, PaillierMath rpMath, int aBits, int bBits) {
    InlineRandomness.requireBits(aBits);
    InlineRandomness.requireBits(bBits);
    return (CommitmentMask) take(new MaskKey(rp, aBits, bBits), checkedRpMath(rp, rpMath));
  }

  @Override
  public CommitmentMask blinding(RingPedersenParams rp, PaillierMath rpMath, int bBits) {
    InlineRandomness.requireBits(bBits);
    return (CommitmentMask) take(new MaskKey(rp, 0, bBits), checkedRpMath(rp, rpMath));
  }

  /** Items handed out from a queue since creation. */
  public long hits() {
    return hits.get();
  }

  /** Items computed on the spot because their queue was empty (or the pool closed). */
  public long misses() {
    return misses.get();
  }

  /** Items the background tasks have computed since creation. */
  public long produced() {
    return produced.get();
  }

  /** Items ready right now, over all queues. */
  public int available() {
    int sum = 0;
    for (Queue q : queues.values()) {
      sum += q.items.size();
    }
    return sum;
  }

  /** Sum of all queue capacities. */
  public int capacity() {
    int sum = 0;
    for (Queue q : queues.values()) {
      sum += q.capacity;
    }
    return sum;
  }

  /** Whether every queue holds its full capacity of ready items. */
  public boolean isFull() {
    for (Queue q : queues.values()) {
      if (q.items.size() < q.capacity) {
        return false;
      }
    }
    return true;
  }

  /** Stops filling after the items in progress (requests are still served); see {@link #resume}. */
  public void pause() {
    paused = true;
  }

  /** Resumes filling after {@link #pause}. */
  public void resume() {
    paused = false;
    scheduleFill();
  }

  /**
   * Stops filling for good and drops every queued item; later requests are computed on the spot
   * (counted as misses).
   */
  @Override
  public void close() {
    closed = true;
    for (Queue q : queues.values()) {
      q.items.clear();
    }
    queues.clear();
  }

  private Object take(Key key, PaillierMath math) {
    Queue q = closed ? null : queue(key, defaultCapacity, math, false);
    Object item = q == null ? null : q.items.poll();
    if (item != null) {
      // The poll removed it: nobody else can receive this item, and the pool forgets it.
      q.claimed.decrementAndGet();
      hits.incrementAndGet();
      scheduleFill();
      return item;
    }
    misses.incrementAndGet();
    scheduleFill();
    return q == null ? computeDirect(key, math) : q.compute(inline);
  }

  private Object computeDirect(Key key, PaillierMath math) {
    return new Queue(key, 1, math).compute(inline);
  }

  /**
   * The queue for {@code key}, created with {@code capacity} if new. An existing queue switches to
   * {@code math} if only that one knows the factors (CRT), and grows to {@code capacity} if {@code
   * raise} (a {@code prepare…} call; a request never changes a prepared capacity).
   */
  private Queue queue(Key key, int capacity, PaillierMath math, boolean raise) {
    Queue q =
        queues.compute(
            key,
            (k, old) -> {
              if (old == null) {
                return new Queue(k, capacity, math);
              }
              boolean upgrade = math.knowsFactors() && !old.math.knowsFactors();
              boolean grow = raise && capacity > old.capacity;
              if (!upgrade && !grow) {
                return old;
              }
              // Keep the queued items; only the capacity or the arithmetic changes.
              Queue replaced =
                  new Queue(k, grow ? capacity : old.capacity, upgrade ? math : old.math);
              replaced.items.addAll(drain(old));
              replaced.claimed.set(replaced.items.size());
              return replaced;
            });
    if (closed) {
      queues.clear();
    }
    return q;
  }

  private static java.util.List<Object> drain(Queue q) {
    java.util.List<Object> out = new java.util.ArrayList<>();
    for (Object item = q.items.poll(); item != null; item = q.items.poll()) {
      out.add(item);
    }
    return out;
  }

  private void scheduleFill() {
    while (!closed && !paused && hasDeficit()) {
      int active = activeFillers.get();
      if (active >= parallelism) {
        return;
      }
      if (activeFillers.compareAndSet(active, active + 1)) {
        try {
          executor.execute(this::fillLoop);
        } catch (RejectedExecutionException e) {
          activeFillers.decrementAndGet();
          return;
        }
      }
    }
  }

  private boolean hasDeficit() {
    for (Queue q : queues.values()) {
      if (q.claimed.get() < q.capacity) {
        return true;
      }
    }
    return false;
  }

  private void fillLoop() {
    try {
      while (!closed && !paused) {
        Queue q = claimNeediest();
        if (q == null) {
          return;
        }
        Object item;
        try {
          item = q.compute(inline);
        } catch (RuntimeException e) {
          // Cannot happen for parameters that passed registration; drop the queue rather than
          // retrying forever. Requests for it are then computed on the spot (and fail loudly
          // there).
          q.claimed.decrementAndGet();
          queues.remove(q.key, q);
          fillFailures.incrementAndGet();
          continue;
        }
        if (closed || queues.get(q.key) != q) {
          // Closed meanwhile, or the queue was replaced: do not hand out from a stale queue.
          q.claimed.decrementAndGet();
          Queue current = queues.get(q.key);
          if (!closed && current != null) {
            current.items.offer(item);
            current.claimed.incrementAndGet();
            produced.incrementAndGet();
          }
          continue;
        }
        q.items.offer(item);
        produced.incrementAndGet();
      }
    } finally {
      activeFillers.decrementAndGet();
      // A request may have emptied a queue while every filler was busy and saw no room to start.
      scheduleFill();
    }
  }

  /** Reserves one slot in the emptiest queue, or returns null if all are full. */
  private Queue claimNeediest() {
    while (true) {
      Queue best = null;
      for (Queue q : queues.values()) {
        if (q.claimed.get() < q.capacity && (best == null || q.level() < best.level())) {
          best = q;
        }
      }
      if (best == null) {
        return null;
      }
      int c = best.claimed.get();
      if (c < best.capacity && best.claimed.compareAndSet(c, c + 1)) {
        return best;
      }
    }
  }

  private static PaillierMath checkedRpMath(RingPedersenParams rp, PaillierMath rpMath) {
    if (!rpMath.n().equals(rp.n())) {
      throw new IllegalArgumentException("rpMath is for another modulus than the parameters");
    }
    return rpMath;
  }

  private static void requireCapacity(int capacity) {
    if (capacity < 1 || capacity > 1 << 16) {
      throw new IllegalArgumentException("capacity must be in [1, 65536], got " + capacity);
    }
  }

  @Override
  public String toString() {
    return "ProofRandomnessPool[queues="
        + queues.size()
        + ", available="
        + available()
        + ", hits="
        + hits.get()
        + ", misses="
        + misses.get()
        + (closed ? ", closed" : paused ? ", paused" : "")
        + "]";
  }
}
