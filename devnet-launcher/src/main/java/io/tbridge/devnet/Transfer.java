package io.tbridge.devnet;

import io.tbridge.core.DepositId;
import io.tbridge.core.LockEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the devnet has seen of one transfer: its lock on the source chain, the stages reported on
 * the status topic, and its release on the destination chain. Mutable, owned by {@link TransferLog}
 * (read through its snapshots).
 */
public final class Transfer {
  final LockEvent lock;
  final String from;
  final String to;
  final Instant lockSeenAt;
  Optional<Instant> finalAt = Optional.empty();
  final SortedMap<Integer, Instant> verifiedBy = new TreeMap<>();
  Optional<Instant> signedAt = Optional.empty();
  Optional<Instant> releasedAt = Optional.empty();
  Optional<String> releaseTx = Optional.empty();
  Optional<String> problem = Optional.empty();
  int releases;

  Transfer(LockEvent lock, String from, String to, Instant lockSeenAt) {
    this.lock = lock;
    this.from = from;
    this.to = to;
    this.lockSeenAt = lockSeenAt;
  }

  /** The deposit id. */
  public DepositId depositId() {
    return lock.depositId();
  }

  /** The lock as the source chain has it. */
  public LockEvent lock() {
    return lock;
  }

  /** The source chain's name. */
  public String from() {
    return from;
  }

  /** The destination chain's name. */
  public String to() {
    return to;
  }

  /** When the relayer reported the lock final. */
  public Optional<Instant> finalAt() {
    return finalAt;
  }

  /** When the group signature was reported. */
  public Optional<Instant> signedAt() {
    return signedAt;
  }

  /** When the devnet saw the release on the destination chain. */
  public Optional<Instant> releasedAt() {
    return releasedAt;
  }

  /** The release transaction's hash. */
  public Optional<String> releaseTx() {
    return releaseTx;
  }

  /** How many {@code Released} events for this deposit the destination chain has (must be 1). */
  public int releases() {
    return releases;
  }

  /** A refusal, a parking or a reorg reported for this deposit. */
  public Optional<String> problem() {
    return problem;
  }

  Transfer copy() {
    Transfer t = new Transfer(lock, from, to, lockSeenAt);
    t.finalAt = finalAt;
    t.verifiedBy.putAll(verifiedBy);
    t.signedAt = signedAt;
    t.releasedAt = releasedAt;
    t.releaseTx = releaseTx;
    t.problem = problem;
    t.releases = releases;
    return t;
  }
}
