package io.tbridge.core.wire;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One lifecycle event of a deposit, for status APIs and dashboards.
 *
 * @param depositId the deposit
 * @param stage what happened
 * @param at when (from the producer's injected clock)
 * @param chainId chain of {@code txHash}, present exactly when it is
 * @param txHash the transaction of this stage, if any (e.g. the release transaction)
 * @param detail short operator-facing text, at most {@link #MAX_DETAIL_CHARS} characters
 */
public record StatusEvent(
    DepositId depositId,
    DepositStage stage,
    Instant at,
    Optional<ChainId> chainId,
    Optional<Hash32> txHash,
    Optional<String> detail) {
  /** Longest detail text accepted. */
  public static final int MAX_DETAIL_CHARS = 512;

  /** Validates presence, the time range, the chain/tx pairing and the detail length. */
  public StatusEvent {
    Objects.requireNonNull(depositId, "depositId");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(detail, "detail");
    if (at.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("status time must not be before 1970");
    }
    // Millisecond precision is what the wire keeps; refuse what would not round-trip.
    if (at.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("status time must have millisecond precision");
    }
    if (chainId.isPresent() != txHash.isPresent()) {
      throw new IllegalArgumentException("a transaction hash needs its chain id and vice versa");
    }
    if (detail.isPresent() && detail.get().length() > MAX_DETAIL_CHARS) {
      throw new IllegalArgumentException("detail exceeds " + MAX_DETAIL_CHARS + " characters");
    }
  }

  /** An event with no transaction and no detail. */
  public static StatusEvent of(DepositId depositId, DepositStage stage, Instant at) {
    return new StatusEvent(
        depositId, stage, at, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
