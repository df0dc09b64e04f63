package io.tbridge.chain.rpc;

import io.tbridge.core.Hash32;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a block header the relayer needs.
 *
 * @param number block number
 * @param hash block hash
 * @param parentHash hash of the parent block (continuity check)
 * @param baseFeePerGas EIP-1559 base fee, absent on pre-London chains
 */
public record BlockHeader(
    long number, Hash32 hash, Hash32 parentHash, Optional<BigInteger> baseFeePerGas) {

  /** Validates fields. */
  public BlockHeader {
    if (number < 0) {
      throw new IllegalArgumentException("block number must not be negative");
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(baseFeePerGas, "baseFeePerGas");
  }
}
