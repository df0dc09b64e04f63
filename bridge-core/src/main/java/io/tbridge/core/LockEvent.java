package io.tbridge.core;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A {@code Locked} event as observed on the source chain: where it was seen (chain, bridge, block,
 * transaction, log index) and the event's fields. {@code amount} is already in destination units.
 *
 * @param sourceChainId chain the lock happened on
 * @param sourceBridge bridge contract that emitted the event
 * @param txHash transaction that emitted the event
 * @param logIndex index of the log in its block
 * @param blockHash block the transaction was included in (reorg detection)
 * @param blockNumber number of that block
 * @param dstChainId chain the tokens are released on
 * @param nonce the source bridge's per-bridge deposit counter
 * @param srcToken token locked (or burnt) on the source chain
 * @param dstToken token released (or minted) on the destination chain
 * @param sender account that locked
 * @param recipient account that receives on the destination chain
 * @param amount amount in destination-token units
 */
public record LockEvent(
    ChainId sourceChainId,
    Address sourceBridge,
    Hash32 txHash,
    long logIndex,
    Hash32 blockHash,
    long blockNumber,
    ChainId dstChainId,
    BigInteger nonce,
    Address srcToken,
    Address dstToken,
    Address sender,
    Address recipient,
    BigInteger amount) {

  /** Validates every field; a lock to its own chain is refused. */
  public LockEvent {
    Objects.requireNonNull(sourceChainId, "sourceChainId");
    Objects.requireNonNull(sourceBridge, "sourceBridge");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(dstChainId, "dstChainId");
    Objects.requireNonNull(srcToken, "srcToken");
    Objects.requireNonNull(dstToken, "dstToken");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    if (logIndex < 0) {
      throw new IllegalArgumentException("logIndex must not be negative");
    }
    if (blockNumber < 0) {
      throw new IllegalArgumentException("blockNumber must not be negative");
    }
    // The Bridge numbers locks from 1 and refuses zero amounts and zero addresses.
    Uint256.checkPositive(nonce, "nonce");
    Uint256.checkPositive(amount, "amount");
    requireNonZero(sourceBridge, "sourceBridge");
    requireNonZero(srcToken, "srcToken");
    requireNonZero(dstToken, "dstToken");
    requireNonZero(recipient, "recipient");
    if (sourceChainId.equals(dstChainId)) {
      throw new IllegalArgumentException("a lock must target another chain than its source");
    }
  }

  private static void requireNonZero(Address address, String what) {
    if (address.isZero()) {
      throw new IllegalArgumentException(what + " must not be the zero address");
    }
  }

  /** The deposit this lock created. */
  public DepositId depositId() {
    return DepositId.of(sourceChainId, sourceBridge, nonce);
  }
}
