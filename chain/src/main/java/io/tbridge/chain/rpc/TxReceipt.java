package io.tbridge.chain.rpc;

import io.tbridge.core.Hash32;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The parts of a transaction receipt the submitter needs.
 *
 * @param txHash transaction hash
 * @param success whether execution succeeded (status 1)
 * @param blockNumber block that includes the transaction
 * @param blockHash hash of that block
 * @param gasUsed gas the transaction used
 * @param effectiveGasPrice price paid per gas
 */
public record TxReceipt(
    Hash32 txHash,
    boolean success,
    long blockNumber,
    Hash32 blockHash,
    BigInteger gasUsed,
    BigInteger effectiveGasPrice) {

  /** Validates fields. */
  public TxReceipt {
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(gasUsed, "gasUsed");
    Objects.requireNonNull(effectiveGasPrice, "effectiveGasPrice");
  }

  /** Wei paid for gas. */
  public BigInteger feePaid() {
    return gasUsed.multiply(effectiveGasPrice);
  }
}
