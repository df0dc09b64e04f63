package io.tbridge.core.wire;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import java.time.Instant;
import java.util.Objects;

/**
 * The submitter's request that the signers sign one deposit as a single release, because the batch
 * that carried it cannot be paid as a whole. Carries no release fields: each signer signs only the
 * release it verified and agreed itself, and only once per deposit.
 *
 * @param depositId the deposit
 * @param dstChainId the chain it is released on
 * @param at when the request was made (the producer's injected clock)
 * @param reason why the batch failed, at most {@link #MAX_REASON_CHARS} characters
 */
public record SingleRequest(DepositId depositId, ChainId dstChainId, Instant at, String reason) {
  /** Longest reason accepted. */
  public static final int MAX_REASON_CHARS = 256;

  /** Validates presence, the time and the reason's length. */
  public SingleRequest {
    Objects.requireNonNull(depositId, "depositId");
    Objects.requireNonNull(dstChainId, "dstChainId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
    if (at.isBefore(Instant.EPOCH) || at.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("request time must be after 1970, in milliseconds");
    }
    if (reason.length() > MAX_REASON_CHARS) {
      throw new IllegalArgumentException("reason exceeds " + MAX_REASON_CHARS + " characters");
    }
  }

  /** A request whose reason is cut to {@link #MAX_REASON_CHARS} characters. */
  public static SingleRequest of(DepositId depositId, ChainId dst, Instant at, String reason) {
    return new SingleRequest(
        depositId,
        dst,
        at,
        reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS));
  }
}
