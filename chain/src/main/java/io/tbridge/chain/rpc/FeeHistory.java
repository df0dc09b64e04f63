package io.tbridge.chain.rpc;

import java.math.BigInteger;
import java.util.List;

/**
 * {@code eth_feeHistory} reduced to what fee estimation needs.
 *
 * @param nextBaseFee base fee of the next block (the last entry the node returns)
 * @param rewards priority fee at the requested percentile, one per block (may be empty)
 */
public record FeeHistory(BigInteger nextBaseFee, List<BigInteger> rewards) {

  /** Validates and copies. */
  public FeeHistory {
    if (nextBaseFee.signum() < 0) {
      throw new IllegalArgumentException("base fee must not be negative");
    }
    rewards = List.copyOf(rewards);
  }
}
