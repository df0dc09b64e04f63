package io.tbridge.core;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Identity of one deposit: keccak256(abi.encode(srcChainId, srcBridge, nonce)), the same value the
 * destination contract keys its replay protection on.
 */
public record DepositId(Hash32 value) {

  /** Validates presence. */
  public DepositId {
    Objects.requireNonNull(value, "value");
  }

  /** Wraps an already computed id, e.g. a Kafka record key. */
  public static DepositId of(Hash32 value) {
    return new DepositId(value);
  }

  /** Computes the id of the deposit {@code nonce} of bridge {@code srcBridge} on a chain. */
  public static DepositId of(ChainId srcChainId, Address srcBridge, BigInteger nonce) {
    Objects.requireNonNull(srcChainId, "srcChainId");
    Objects.requireNonNull(srcBridge, "srcBridge");
    Uint256.check(nonce, "nonce");
    return new DepositId(
        Keccak256.hash(
            Uint256.toWord(srcChainId.toBigInteger()), srcBridge.toWord(), Uint256.toWord(nonce)));
  }

  @Override
  public String toString() {
    return value.toHex();
  }
}
