package io.tbridge.signer.sign;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tbridge.core.Hash32;
import io.tbridge.tss.presign.Presignature;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Joint presignatures made ahead of any request, per committee, in memory only: a restart loses
 * them, which is safe, and nothing ever restores one from disk or a backup (SECURITY 22). Each
 * entry is handed out at most once and removed as it is; the caller records its consumption durably
 * before the partial signature leaves the process.
 *
 * <p>Every member keeps its entries of a committee in the order its sessions completed, which is
 * the order the committee's lowest party started them (one at a time). Members may consume them in
 * another order (each node verifies at its own pace), so taking one never drops another; entries
 * the picker lost (a session that completed here only) go when the committee is full and a newer
 * one arrives.
 */
public final class PresignStock {

  /** One stocked presignature and the tag its committee knows it by. */
  public record Entry(Hash32 tag, Presignature presignature) {}

  private final int depth;
  private final Map<List<Integer>, LinkedHashMap<Hash32, Presignature>> byCommittee =
      new HashMap<>();
  private final Map<Hash32, CompletableFuture<Void>> inProgress = new HashMap<>();
  private final Map<List<Integer>, Long> consumed = new HashMap<>();
  private long hits;
  private long misses;
  private long missing;

  /**
   * A stock of at most {@code depth} presignatures per committee; 0 keeps none (every signing makes
   * its presignature on the spot).
   */
  public PresignStock(int depth) {
    if (depth < 0) {
      throw new IllegalArgumentException("stock depth must not be negative, got " + depth);
    }
    this.depth = depth;
  }

  /** Presignatures kept per committee when full. */
  public int depth() {
    return depth;
  }

  /**
   * Adds a presignature that the session of {@code tag} produced for {@code committee}; the oldest
   * entry goes when the committee is full (a member's surplus entries are ones its picker lost).
   */
  public synchronized void put(List<Integer> committee, Hash32 tag, Presignature presignature) {
    if (!presignature.signers().equals(committee)) {
      throw new IllegalArgumentException("presignature of another committee");
    }
    LinkedHashMap<Hash32, Presignature> entries =
        byCommittee.computeIfAbsent(List.copyOf(committee), c -> new LinkedHashMap<>());
    entries.put(tag, presignature);
    Iterator<Hash32> oldest = entries.keySet().iterator();
    while (entries.size() > depth) {
      oldest.next();
      oldest.remove();
    }
  }

  /** Takes the oldest entry of {@code committee}, if any (the picker's side). */
  public synchronized Optional<Entry> takeOldest(List<Integer> committee) {
    LinkedHashMap<Hash32, Presignature> entries = byCommittee.get(committee);
    if (entries == null || entries.isEmpty()) {
      misses++;
      return Optional.empty();
    }
    Map.Entry<Hash32, Presignature> first = entries.entrySet().iterator().next();
    entries.remove(first.getKey());
    hits++;
    consumed.merge(committee, 1L, Long::sum);
    return Optional.of(new Entry(first.getKey(), first.getValue()));
  }

  /** Takes the entry {@code tag} of {@code committee} (a member's side), if it is here. */
  public synchronized Optional<Presignature> take(List<Integer> committee, Hash32 tag) {
    LinkedHashMap<Hash32, Presignature> entries = byCommittee.get(committee);
    Presignature p = entries == null ? null : entries.remove(tag);
    if (p == null) {
      missing++;
      return Optional.empty();
    }
    hits++;
    consumed.merge(committee, 1L, Long::sum);
    return Optional.of(p);
  }

  /**
   * Completes when the session for {@code tag} is no longer running here (at once if it is not), or
   * after {@code wait}: an entry may complete here a moment after it did at the picker.
   */
  public CompletableFuture<Void> settledOrAfter(Hash32 tag, Duration wait) {
    CompletableFuture<Void> running;
    synchronized (this) {
      running = inProgress.get(tag);
    }
    if (running == null) {
      return CompletableFuture.completedFuture(null);
    }
    return running
        .copy()
        .completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> null);
  }

  /** A session for {@code tag} started here; {@link #settled} follows. */
  public synchronized void started(Hash32 tag) {
    inProgress.put(tag, new CompletableFuture<>());
  }

  /** The session for {@code tag} ended here (its entry, if any, was put before). */
  public void settled(Hash32 tag) {
    CompletableFuture<Void> f;
    synchronized (this) {
      f = inProgress.remove(tag);
    }
    if (f != null) {
      f.complete(null);
    }
  }

  /** Drops every entry of {@code committee} (after an attempt with one of them failed). */
  public synchronized void clear(List<Integer> committee) {
    byCommittee.remove(committee);
  }

  /** Entries of {@code committee} consumed here since start (a member's join allowance grows). */
  public synchronized long consumed(List<Integer> committee) {
    return consumed.getOrDefault(committee, 0L);
  }

  /** Entries of {@code committee} ready now. */
  public synchronized int size(List<Integer> committee) {
    LinkedHashMap<Hash32, Presignature> entries = byCommittee.get(committee);
    return entries == null ? 0 : entries.size();
  }

  /** Entries ready now, over all committees. */
  public synchronized int available() {
    return byCommittee.values().stream().mapToInt(Map::size).sum();
  }

  /** Attempts that consumed a stocked presignature. */
  public synchronized long hits() {
    return hits;
  }

  /** Attempts whose picker had none for the committee (a fresh presignature was made). */
  public synchronized long misses() {
    return misses;
  }

  /** Attempts whose chosen entry this member did not have (the attempt fails; stocks resync). */
  public synchronized long missing() {
    return missing;
  }

  /** Registers the stock's meters. */
  public void register(MeterRegistry registry) {
    Gauge.builder("signer.stock.available", this, PresignStock::available)
        .description("Joint presignatures ready now, over all committees")
        .register(registry);
    FunctionCounter.builder("signer.stock.hits", this, PresignStock::hits)
        .description("Signings that used a stocked presignature")
        .register(registry);
    FunctionCounter.builder("signer.stock.misses", this, PresignStock::misses)
        .description("Signings whose committee had no stocked presignature (made one on the spot)")
        .register(registry);
    FunctionCounter.builder("signer.stock.missing", this, PresignStock::missing)
        .description("Signings whose chosen presignature this node did not have")
        .register(registry);
  }
}
