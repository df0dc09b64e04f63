package io.tbridge.core;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A deposit paid back on its source chain after its destination voided it, field for field the
 * EIP-712 struct {@code Refund(uint256 dstChainId,address dstBridge,uint256 nonce,address
 * token,address to,uint256 amount)}; signed over the source bridge's domain. {@code token} is the
 * source token and {@code amount} is in its units (what the lock kept after its fee).
 *
 * @param dstChainId the deposit's destination chain, where it was voided
 * @param dstBridge the destination bridge that emitted {@code DepositVoided}
 * @param nonce the source bridge's lock nonce of the deposit
 * @param token source token (the lock's {@code srcToken})
 * @param to the deposit's sender, who gets it back
 * @param amount source-token units
 */
public record Refund(
    ChainId dstChainId,
    Address dstBridge,
    BigInteger nonce,
    Address token,
    Address to,
    BigInteger amount) {

  /** Validates presence, ranges ([1, 2^256) for nonce and amount) and non-zero addresses. */
  public Refund {
    Objects.requireNonNull(dstChainId, "dstChainId");
    Objects.requireNonNull(dstBridge, "dstBridge");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(to, "to");
    // The contract reverts on each of these; a signer must never sign a refund that could only
    // fail.
    Uint256.checkPositive(nonce, "nonce");
    Uint256.checkPositive(amount, "amount");
    if (dstBridge.isZero() || token.isZero() || to.isZero()) {
      throw new IllegalArgumentException("dstBridge, token and to must not be zero");
    }
  }
}
