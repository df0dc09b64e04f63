package io.tbridge.core;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One release on the destination chain, field for field the EIP-712 struct {@code Release(uint256
 * srcChainId,address srcBridge,uint256 nonce,address token,address recipient,uint256 amount)};
 * {@code token} is the destination token and {@code amount} is in its units.
 *
 * @param srcChainId chain the deposit was locked on
 * @param srcBridge bridge that took the deposit
 * @param nonce that bridge's deposit counter
 * @param token destination token
 * @param recipient receiver on the destination chain
 * @param amount destination-token units
 */
public record Release(
    ChainId srcChainId,
    Address srcBridge,
    BigInteger nonce,
    Address token,
    Address recipient,
    BigInteger amount)
    implements ReleasePayload {

  /** Validates presence, ranges ([1, 2^256) for nonce and amount) and non-zero addresses. */
  public Release {
    Objects.requireNonNull(srcChainId, "srcChainId");
    Objects.requireNonNull(srcBridge, "srcBridge");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(recipient, "recipient");
    // The contract reverts on each of these; refusing them here keeps a signer from ever
    // signing a payload that could only fail (or, after a bug, succeed) on chain.
    Uint256.checkPositive(nonce, "nonce");
    Uint256.checkPositive(amount, "amount");
    if (srcBridge.isZero() || token.isZero() || recipient.isZero()) {
      throw new IllegalArgumentException("srcBridge, token and recipient must not be zero");
    }
  }

  /** The release that pays out {@code lock}: its destination token, recipient and amount. */
  public static Release fromLock(LockEvent lock) {
    Objects.requireNonNull(lock, "lock");
    return new Release(
        lock.sourceChainId(),
        lock.sourceBridge(),
        lock.nonce(),
        lock.dstToken(),
        lock.recipient(),
        lock.amount());
  }

  /** The deposit this release pays out. */
  public DepositId depositId() {
    return DepositId.of(srcChainId, srcBridge, nonce);
  }

  @Override
  public List<DepositId> depositIds() {
    return List.of(depositId());
  }
}
