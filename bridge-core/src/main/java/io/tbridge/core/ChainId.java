package io.tbridge.core;

import java.math.BigInteger;

/** An EVM chain id (EIP-155); always positive. */
public record ChainId(long value) implements Comparable<ChainId> {

  /** Validates that the id is positive. */
  public ChainId {
    if (value <= 0) {
      throw new IllegalArgumentException("chain id must be positive, got " + value);
    }
  }

  /** The chain with id {@code value}. */
  public static ChainId of(long value) {
    return new ChainId(value);
  }

  /** The id as the uint256 it is in EIP-712 and ABI encodings. */
  public BigInteger toBigInteger() {
    return BigInteger.valueOf(value);
  }

  @Override
  public int compareTo(ChainId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
